// The service over a real database (SQLite and PostgreSQL): who is
// responsible by default, and a status change decided on a stale read.
#include "server/servicedesk/ticket_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::servicedesk {
namespace {

using steward::testing::Backend;

class ServiceDeskServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row cu,
                         c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                    " VALUES ('Acme', 0, 0) RETURNING id"));
                     customer_ = cu.Int("id");
                     return Status::Ok();
                   })
                    .ok());
    owner_ = AddUser("boss@msp.example", "owner", false);
    service_ = std::make_unique<TicketService>(*db_, clock_);
  }

  int64_t AddUser(const std::string& email, const std::string& role, bool on_call) {
    int64_t id = 0;
    EXPECT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row r,
                         c.QueryOne("INSERT INTO users (email, name, role, password_hash, on_call,"
                                    " created_at, updated_at) VALUES (?, ?, ?, 'x', ?, 0, 0)"
                                    " RETURNING id",
                                    {email, email, role, on_call}));
                     id = r.Int("id");
                     return Status::Ok();
                   })
                    .ok());
    return id;
  }

  // A ticket opened by the system (as the alert listener and mail intake do).
  Ticket Open(std::optional<int64_t> preferred = std::nullopt) {
    Ticket out;
    EXPECT_TRUE(storage::TransactScoped(*db_, Scope(), [&](storage::ScopedConnection& c) -> Status {
                  internal::NewTicket n;
                  n.customer_id = customer_;
                  n.subject = "s";
                  n.description = "d";
                  n.preferred_assignee = preferred;
                  STEWARD_ASSIGN_OR_RETURN(
                      int64_t id, internal::InsertTicket(c, n, clock_.Now(), {system_, "test"}));
                  STEWARD_ASSIGN_OR_RETURN(out, TicketStore(c).Get(id));
                  return Status::Ok();
                }).ok());
    return out;
  }

  static storage::TenantScope Scope() { return storage::TenantScope::Staff(); }

  ManualClock clock_{FromMillis(1'795'424'400'000)};  // 2026-11-23T09:00:00Z
  accounts::Principal system_ = accounts::Principal::System("test");
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<TicketService> service_;
  int64_t customer_ = 0, owner_ = 0;
};

TEST_P(ServiceDeskServiceTest, DefaultResponsiblePerson) {
  EXPECT_EQ(Open().assignee_id, owner_);  // nobody else: the owner
  int64_t manager = AddUser("sm@msp.example", "service_manager", false);
  EXPECT_EQ(Open().assignee_id, manager);
  int64_t tech = AddUser("tess@msp.example", "technician", true);
  EXPECT_EQ(Open().assignee_id, tech);  // on call first
  int64_t other = AddUser("omar@msp.example", "technician", false);
  EXPECT_EQ(Open(other).assignee_id, other);  // the alert's on-call user
  int64_t portal = 0;
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row r,
                       c.QueryOne("INSERT INTO users (email, name, role, customer_id,"
                                  " password_hash, created_at, updated_at) VALUES"
                                  " ('p@acme.example', 'p', 'portal', ?, 'x', 0, 0) RETURNING id",
                                  {customer_}));
                   portal = r.Int("id");
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(Open(portal).assignee_id, tech);  // never a customer contact
}

TEST_P(ServiceDeskServiceTest, StatusChangeOnAStaleReadIsAConflict) {
  const Ticket stale = Open();
  // Someone else moves it first.
  ASSERT_TRUE(service_->Update({system_, "test"}, stale.id, {.status = TicketStatus::kOpen}).ok());
  Status s = storage::TransactScoped(*db_, Scope(), [&](storage::ScopedConnection& c) {
    return internal::ApplyStatus(c, stale, TicketStatus::kHoldResearch, clock_.Now(), system_,
                                 std::nullopt);
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict) << s.ToString();
  auto t = service_->Get(system_, stale.id);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket.status, TicketStatus::kOpen);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceDeskServiceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::servicedesk
