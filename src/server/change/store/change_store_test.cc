// The change store on SQLite and PostgreSQL: a change round-trips with its
// CIs and reviewers; under another customer's scope it is NotFound for every
// read and write; a customer sees its own and the MSP-wide freezes, never
// another customer's, and cannot write an MSP-wide one.
#include "server/change/store/change_store.h"

#include <functional>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::change {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class ChangeStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row u,
                 c.QueryOne("INSERT INTO users (email, name, role, password_hash,"
                            " created_at, updated_at) VALUES ('cm@msp.example', 'Chloe',"
                            " 'change_manager', 'x', 0, 0) RETURNING id"));
             reviewer_ = u.Int("id");
             for (const char* name : {"Acme", "Beta"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row d, c.QueryOne("INSERT INTO cis (customer_id, kind, name, status,"
                                              " created_at, updated_at) VALUES (?, 'server', ?,"
                                              " 'active', 0, 0) RETURNING id",
                                              {r.Int("id"), std::string(name) + "-srv"}));
               customers_.push_back(r.Int("id"));
               cis_.push_back(d.Int("id"));
             }
             return Status::Ok();
           })
            .ok());
  }

  Status Run(const TenantScope& scope, const std::function<Status(ChangeStore&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) {
      ChangeStore store(sc);
      return fn(store);
    });
  }

  int64_t AddChange(size_t i) {
    NewChange n;
    n.customer_id = customers_[i];
    n.fields.title = "Patch the server";
    n.fields.risk = Rating::kLow;
    n.fields.ci_ids = {cis_[i]};
    n.fields.reviewer_ids = {reviewer_};
    int64_t id = 0;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](ChangeStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(id, s.Insert(n, std::nullopt, clock_.Now()));
                  return Status::Ok();
                }).ok());
    return id;
  }

  int64_t AddFreeze(std::optional<int64_t> customer, const char* name) {
    Freeze f;
    f.customer_id = customer;
    f.name = name;
    f.starts_at = *ParseIso8601("2026-12-20T00:00:00Z");
    f.ends_at = *ParseIso8601("2027-01-04T00:00:00Z");
    int64_t id = 0;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](ChangeStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(id, s.InsertFreeze(f));
                  return Status::Ok();
                }).ok());
    return id;
  }

  ManualClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<storage::Database> db_;
  int64_t reviewer_ = 0;
  std::vector<int64_t> customers_, cis_;
};

TEST_P(ChangeStoreTest, AChangeRoundTripsWithItsCisAndReviewers) {
  const int64_t id = AddChange(0);
  ASSERT_TRUE(Run(TenantScope::Customer(customers_[0]), [&](ChangeStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(ChangeRequest c, s.Get(id));
                EXPECT_EQ(c.customer_name, "Acme");
                EXPECT_EQ(c.status, ChangeStatus::kDraft);
                EXPECT_EQ(c.fields.risk, Rating::kLow);
                EXPECT_EQ(c.fields.ci_ids, std::vector<int64_t>{cis_[0]});
                EXPECT_EQ(c.fields.reviewer_ids, std::vector<int64_t>{reviewer_});
                EXPECT_EQ(c.reviewers.at(0).name, "Chloe");
                EXPECT_EQ(c.cis.at(0).name, "Acme-srv");
                return Status::Ok();
              }).ok());
}

TEST_P(ChangeStoreTest, AnotherCustomersChangeIsNotFoundForEveryReadAndWrite) {
  const int64_t theirs = AddChange(1);
  const TenantScope mine = TenantScope::Customer(customers_[0]);
  auto expect_not_found = [&](const std::function<Status(ChangeStore&)>& fn) {
    EXPECT_EQ(Run(mine, fn).code(), StatusCode::kNotFound);
  };
  expect_not_found([&](ChangeStore& s) { return s.Get(theirs).status(); });
  expect_not_found([&](ChangeStore& s) {
    return s.SetStatus(theirs, ChangeStatus::kClosed, Outcome::kWithdrawn, "x", clock_.Now());
  });
  expect_not_found([&](ChangeStore& s) { return s.ClearApprovals(theirs); });
  ChangeRequest forged;
  forged.id = theirs;
  forged.customer_id = customers_[1];
  expect_not_found([&](ChangeStore& s) { return s.SaveFields(forged, clock_.Now()); });
  expect_not_found([&](ChangeStore& s) { return s.AddApproval(forged, {}); });
  expect_not_found([&](ChangeStore& s) {
    return s.AddEvent(forged, clock_.Now(), "x", ChangeStatus::kDraft, ChangeStatus::kClosed, "");
  });
  expect_not_found([&](ChangeStore& s) {
    NewChange n;
    n.customer_id = customers_[1];
    n.fields.title = "x";
    return s.Insert(n, std::nullopt, clock_.Now()).status();
  });
  expect_not_found([&](ChangeStore& s) { return s.IsDevice(cis_[1]).status(); });
  ASSERT_TRUE(Run(mine, [&](ChangeStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto list, s.List({}));
                EXPECT_TRUE(list.empty());
                // Another customer's CI is refused by name, not written.
                ChangeFields f;
                f.ci_ids = {cis_[1]};
                EXPECT_EQ(s.CheckReferences(customers_[0], std::nullopt, f).field(), "ci_ids");
                return Status::Ok();
              }).ok());
}

TEST_P(ChangeStoreTest, CustomersSeeTheirOwnAndMspWideFreezesOnly) {
  const int64_t all = AddFreeze(std::nullopt, "Year-end");
  const int64_t acme = AddFreeze(customers_[0], "Acme audit");
  const int64_t beta = AddFreeze(customers_[1], "Beta migration");
  const TenantScope mine = TenantScope::Customer(customers_[0]);
  ASSERT_TRUE(Run(mine, [&](ChangeStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(
                    auto list, s.Freezes(std::nullopt, *ParseIso8601("2026-12-01T00:00:00Z"),
                                         *ParseIso8601("2027-02-01T00:00:00Z")));
                std::vector<int64_t> ids;
                for (const Freeze& f : list) ids.push_back(f.id);
                EXPECT_EQ(ids, (std::vector<int64_t>{all, acme}));
                EXPECT_TRUE(s.GetFreeze(all).ok());
                EXPECT_EQ(s.GetFreeze(beta).status().code(), StatusCode::kNotFound);
                EXPECT_EQ(s.DeleteFreeze(beta).code(), StatusCode::kNotFound);
                EXPECT_EQ(s.DeleteFreeze(all).code(), StatusCode::kPermissionDenied);
                Freeze wide;
                wide.name = "x";
                wide.starts_at = clock_.Now();
                wide.ends_at = clock_.Now() + std::chrono::hours(1);
                EXPECT_EQ(s.InsertFreeze(wide).status().code(), StatusCode::kPermissionDenied);
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ChangeStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(
                    auto list, s.Freezes(customers_[1], *ParseIso8601("2026-12-01T00:00:00Z"),
                                         *ParseIso8601("2027-02-01T00:00:00Z")));
                EXPECT_EQ(list.size(), 2u) << "Beta's and the MSP-wide one";
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::change
