// The ticket store's tenant scope, on SQLite and PostgreSQL: under one
// customer's scope another customer's ticket is NotFound for every read and
// write, its children never come back, and a refused write changes nothing.
// Staff and cross-tenant scopes see every customer.
#include "server/servicedesk/store/ticket_store.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::servicedesk {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class TicketStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             for (const char* name : {"Acme", "Beta", "Gamma"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               customers_.push_back(r.Int("id"));
             }
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row u, c.QueryOne("INSERT INTO users (email, name, role, password_hash,"
                                            " created_at, updated_at) VALUES ('t@msp.example', 't',"
                                            " 'technician', 'x', 0, 0) RETURNING id"));
             staff_user_ = u.Int("id");
             return Status::Ok();
           })
            .ok());
    a_ = customers_[0];
    b_ = customers_[1];
    ticket_a_ = Insert(a_, "Printer offline at reception");
    ticket_b_ = Insert(b_, "Printer jams in accounting");
    Insert(customers_[2], "Printer toner empty");
    // B's ticket has children: a reply, an event, a breach.
    ASSERT_TRUE(Run(TenantScope::Staff(), [&](TicketStore& s) -> Status {
                  TicketReply r;
                  r.ticket_id = ticket_b_;
                  r.author = "staff";
                  r.from_staff = true;
                  r.body = "looking";
                  r.created_at = 1;
                  STEWARD_RETURN_IF_ERROR(s.AddReply(r).status());
                  STEWARD_RETURN_IF_ERROR(s.AddEvent(
                      ticket_b_, {1, staff_user_, "t", "status", "new", "open", std::nullopt}));
                  return s.RecordBreach(ticket_b_, "response", 1, 2).status();
                }).ok());
  }

  int64_t Insert(int64_t customer, const std::string& subject) {
    int64_t id = 0;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](TicketStore& s) -> Status {
                  TicketDraft d;
                  d.customer_id = customer;
                  d.subject = subject;
                  d.description = "d";
                  d.source = "api";
                  d.assignee_id = staff_user_;
                  d.sla_policy = "default";
                  d.created_at = 1000;
                  STEWARD_ASSIGN_OR_RETURN(id, s.Insert(d));
                  return Status::Ok();
                }).ok());
    return id;
  }

  Status Run(const TenantScope& scope, const std::function<Status(TicketStore&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) {
      TicketStore store(sc);
      return fn(store);
    });
  }

  Ticket Read(int64_t id) {
    Ticket t;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](TicketStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(t, s.Get(id));
                  return Status::Ok();
                }).ok());
    return t;
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_;
  int64_t staff_user_ = 0, a_ = 0, b_ = 0, ticket_a_ = 0, ticket_b_ = 0;
};

TEST_P(TicketStoreTest, ACustomerScopeReadsOnlyItsOwnTickets) {
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](TicketStore& s) -> Status {
                EXPECT_TRUE(s.Get(ticket_a_).ok());
                EXPECT_EQ(s.Get(ticket_b_).status().code(), StatusCode::kNotFound);
                auto list = s.List({});
                EXPECT_TRUE(list.ok());
                EXPECT_EQ(list->size(), 1u);
                EXPECT_EQ(list->at(0).ticket.id, ticket_a_);
                // Filtering by another customer finds nothing rather than theirs.
                EXPECT_TRUE(s.List({.customer_id = b_})->empty());
                auto hits = s.Search({.words = {"printer"}}, 10);
                EXPECT_EQ(hits->size(), 1u);
                EXPECT_EQ(hits->at(0).customer_id, a_);
                EXPECT_TRUE(s.Search({.reference = ticket_b_}, 10)->empty());
                EXPECT_FALSE(s.Owner(ticket_b_)->has_value());
                // Children of another customer's ticket never come back.
                EXPECT_TRUE(s.Replies(ticket_b_)->empty());
                EXPECT_TRUE(s.Events(ticket_b_)->empty());
                EXPECT_TRUE(s.Breaches(ticket_b_)->empty());
                EXPECT_FALSE(*s.AnyBreach(ticket_b_));
                EXPECT_FALSE(s.ReplyIsInternal(ticket_b_, 1)->has_value());
                EXPECT_EQ(s.CustomerTerms(b_, "2026-12-01").status().code(), StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
}

TEST_P(TicketStoreTest, ACustomerScopeCannotWriteAnotherCustomersTicket) {
  const Ticket before = Read(ticket_b_);
  const TenantScope scope = TenantScope::Customer(a_);
  auto refused = [&](const std::function<Status(TicketStore&)>& write) {
    Status s = Run(scope, write);
    EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
  };
  refused([&](TicketStore& s) { return s.SetAssignee(ticket_b_, staff_user_, 5); });
  refused([&](TicketStore& s) { return s.SetPriority(ticket_b_, Priority::kCritical, {}, 5); });
  refused([&](TicketStore& s) { return s.SetTags(ticket_b_, {"x"}, 5); });
  refused([&](TicketStore& s) { return s.SetResolution(ticket_b_, "done", 5, staff_user_); });
  refused([&](TicketStore& s) { return s.SetStatus(before, TicketStatus::kOpen, SlaClock{}, 5); });
  refused([&](TicketStore& s) { return s.SetFirstResponse(ticket_b_, 5).status(); });
  refused([&](TicketStore& s) { return s.RecordBreach(ticket_b_, "resolution", 1, 5).status(); });
  refused([&](TicketStore& s) { return s.Touch(ticket_b_, 5); });
  refused([&](TicketStore& s) {
    return s.AddEvent(ticket_b_, {5, std::nullopt, "x", "status", "a", "b", std::nullopt});
  });
  refused([&](TicketStore& s) {
    TicketReply r;
    r.ticket_id = ticket_b_;
    r.author = "x";
    r.body = "injected";
    return s.AddReply(r).status();
  });
  refused([&](TicketStore& s) { return s.LinkCis(ticket_b_, {}); });
  refused([&](TicketStore& s) { return s.SubmitRfc(before, std::nullopt, 5).status(); });
  refused([&](TicketStore& s) {
    TicketDraft d;
    d.customer_id = b_;
    d.subject = "filed for someone else";
    d.assignee_id = staff_user_;
    return s.Insert(d).status();
  });

  const Ticket after = Read(ticket_b_);
  EXPECT_EQ(after.status, before.status);
  EXPECT_EQ(after.priority, before.priority);
  EXPECT_EQ(after.tags, before.tags);
  EXPECT_EQ(after.resolution, before.resolution);
  EXPECT_EQ(after.first_response_at, before.first_response_at);
  EXPECT_EQ(after.updated_at, before.updated_at);
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](TicketStore& s) -> Status {
                EXPECT_EQ(s.Replies(ticket_b_)->size(), 1u);
                EXPECT_EQ(s.Events(ticket_b_)->size(), 1u);
                EXPECT_EQ(s.Breaches(ticket_b_)->size(), 1u);
                EXPECT_FALSE(s.LatestChangeRequest(ticket_b_)->has_value());
                EXPECT_EQ(s.List({})->size(), 3u);
                return Status::Ok();
              }).ok());
}

TEST_P(TicketStoreTest, StaffAndCrossTenantScopesSeeEveryCustomer) {
  for (const TenantScope& scope :
       {TenantScope::Staff(),
        TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob)}) {
    ASSERT_TRUE(Run(scope, [&](TicketStore& s) -> Status {
                  EXPECT_EQ(s.List({})->size(), 3u);
                  EXPECT_EQ(s.Search({.words = {"printer"}}, 10)->size(), 3u);
                  EXPECT_EQ(s.Owner(ticket_b_)->value_or(0), b_);
                  EXPECT_EQ(s.Replies(ticket_b_)->size(), 1u);
                  EXPECT_TRUE(*s.AnyBreach(ticket_b_));
                  return Status::Ok();
                }).ok());
  }
}

TEST_P(TicketStoreTest, AStatusChangeOnAStaleReadIsAConflict) {
  const Ticket stale = Read(ticket_a_);
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](TicketStore& s) {
                return s.SetStatus(stale, TicketStatus::kOpen, SlaClock{}, 5);
              }).ok());
  Status again = Run(TenantScope::Customer(a_), [&](TicketStore& s) {
    return s.SetStatus(stale, TicketStatus::kHoldResearch, SlaClock{}, 6);
  });
  EXPECT_EQ(again.code(), StatusCode::kConflict) << again.ToString();
  EXPECT_EQ(Read(ticket_a_).status, TicketStatus::kOpen);
}

TEST_P(TicketStoreTest, SearchTreatsLikeWildcardsAsText) {
  Insert(a_, "100% CPU on server");
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](TicketStore& s) -> Status {
                EXPECT_EQ(s.Search({.words = {"100%"}}, 10)->size(), 1u);
                EXPECT_TRUE(s.Search({.words = {"%"}}, 10)->size() == 1u);
                EXPECT_TRUE(s.Search({.words = {"_"}}, 10)->empty());
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, TicketStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::servicedesk
