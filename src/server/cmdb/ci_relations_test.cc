#include <gtest/gtest.h>

#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class CiRelationsTest : public CmdbTest {
 protected:
  void SetUp() override {
    CmdbTest::SetUp();
    customer_ = NewCustomer("Harbor & Vale");
    vm_ = NewCi(customer_, "HVL-DC01");
    host_ = NewCi(customer_, "HVL-HV01");
    sw_ = NewCi(customer_, "HVL-SW01", "", "switch");
    fw_ = NewCi(customer_, "HVL-FW01", "", "firewall");
  }
  Result<Json> Relate(int64_t from, int64_t to, const char* kind) {
    return cmdb_->AddRelation(AsOwner(), from, {{"to_ci_id", to}, {"kind", kind}});
  }
  int64_t customer_ = 0, vm_ = 0, host_ = 0, sw_ = 0, fw_ = 0;
};

TEST_P(CiRelationsTest, ListsBothDirectionsWithTheOtherCi) {
  auto rel = Relate(vm_, host_, "runs_on");
  CMDB_ASSERT_OK(rel);
  EXPECT_EQ((*rel)["from_ci_id"], vm_);
  EXPECT_EQ((*rel)["to_ci_id"], host_);

  auto of_vm = cmdb_->ListRelations(owner_, vm_);
  CMDB_ASSERT_OK(of_vm);
  ASSERT_EQ((*of_vm)["outgoing"].size(), 1u);
  EXPECT_EQ((*of_vm)["incoming"].size(), 0u);
  EXPECT_EQ((*of_vm)["outgoing"][0]["kind"], "runs_on");
  EXPECT_EQ((*of_vm)["outgoing"][0]["ci_id"], host_);
  EXPECT_EQ((*of_vm)["outgoing"][0]["ci_name"], "HVL-HV01");
  EXPECT_EQ((*of_vm)["outgoing"][0]["ci_kind"], "server");

  auto of_host = cmdb_->ListRelations(owner_, host_);
  CMDB_ASSERT_OK(of_host);
  ASSERT_EQ((*of_host)["incoming"].size(), 1u);
  EXPECT_EQ((*of_host)["incoming"][0]["ci_id"], vm_);
  EXPECT_EQ((*of_host)["incoming"][0]["ci_name"], "HVL-DC01");
  EXPECT_EQ(AuditCount("ci.relation_add"), 1);
}

TEST_P(CiRelationsTest, RefusesSelfForeignUnknownAndDuplicateRelations) {
  int64_t other_customer = NewCustomer("Other");
  int64_t foreign = NewCi(other_customer, "OTHER-01");
  auto self = Relate(vm_, vm_, "depends_on");
  EXPECT_EQ(self.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(self.status().field(), "to_ci_id");
  auto cross = Relate(vm_, foreign, "depends_on");
  EXPECT_EQ(cross.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cross.status().field(), "to_ci_id");
  EXPECT_EQ(Relate(vm_, 987654, "runs_on").status().field(), "to_ci_id");
  EXPECT_EQ(Relate(vm_, host_, "sits_next_to").status().field(), "kind");
  EXPECT_EQ(Relate(987654, host_, "runs_on").status().code(), StatusCode::kNotFound);

  CMDB_ASSERT_OK(Relate(sw_, fw_, "connected_to"));
  EXPECT_EQ(Relate(sw_, fw_, "connected_to").status().code(), StatusCode::kAlreadyExists);
  // connected_to has no direction.
  EXPECT_EQ(Relate(fw_, sw_, "connected_to").status().code(), StatusCode::kAlreadyExists);
  // Other kinds do: A depends_on B and B depends_on A are different facts.
  CMDB_ASSERT_OK(Relate(vm_, host_, "depends_on"));
  CMDB_EXPECT_OK(Relate(host_, vm_, "depends_on"));
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_relations"), 3);
}

TEST_P(CiRelationsTest, RelationChangesAreInBothHistories) {
  const std::string rfc = NewChange(customer_, "scheduled");
  auto rel = cmdb_->AddRelation(AsOwner(), vm_,
                                {{"to_ci_id", host_}, {"kind", "runs_on"}, {"rfc_ref", rfc}});
  CMDB_ASSERT_OK(rel);
  auto vm_history = cmdb_->CiHistory(owner_, vm_);
  CMDB_ASSERT_OK(vm_history);
  Json latest = (*vm_history)["history"][0];
  EXPECT_EQ(latest["field"], "relation");
  EXPECT_TRUE(latest["old_value"].is_null());
  EXPECT_EQ(latest["new_value"], "runs_on -> CI " + std::to_string(host_) + " (HVL-HV01)");
  EXPECT_EQ(latest["rfc_ref"], rfc);
  auto host_history = cmdb_->CiHistory(owner_, host_);
  CMDB_ASSERT_OK(host_history);
  EXPECT_EQ((*host_history)["history"][0]["new_value"],
            "CI " + std::to_string(vm_) + " (HVL-DC01) runs_on -> this CI");

  int64_t rel_id = (*rel)["id"];
  CMDB_ASSERT_OK(cmdb_->DeleteRelation(AsOwner(), host_, rel_id));  // from either end
  auto after = cmdb_->CiHistory(owner_, vm_);
  CMDB_ASSERT_OK(after);
  EXPECT_EQ((*after)["history"][0]["old_value"],
            "runs_on -> CI " + std::to_string(host_) + " (HVL-HV01)");
  EXPECT_TRUE((*after)["history"][0]["new_value"].is_null());
  EXPECT_EQ((*cmdb_->ListRelations(owner_, vm_))["outgoing"].size(), 0u);
  EXPECT_EQ(AuditCount("ci.relation_delete"), 1);
}

TEST_P(CiRelationsTest, DeleteNeedsTheRelationToTouchTheCi) {
  auto rel = Relate(vm_, host_, "runs_on");
  CMDB_ASSERT_OK(rel);
  int64_t rel_id = (*rel)["id"];
  EXPECT_EQ(cmdb_->DeleteRelation(AsOwner(), sw_, rel_id).code(), StatusCode::kNotFound);
  EXPECT_EQ(cmdb_->DeleteRelation(AsOwner(), vm_, rel_id + 100).code(), StatusCode::kNotFound);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_relations"), 1);
}

INSTANTIATE_CMDB_TEST(CiRelationsTest);

}  // namespace
}  // namespace steward::cmdb
