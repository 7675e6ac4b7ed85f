// The knowledge base and problems over a real database (SQLite and
// PostgreSQL): ranked search (the better match first, on bm25 and ts_rank),
// drafts and tenant scope in search, closed tickets becoming searchable,
// suggestions for a ticket, problem links and the candidate groups.
#include "server/servicedesk/knowledge_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/servicedesk/ticket_service.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::servicedesk {
namespace {

using steward::testing::Backend;

class KnowledgeServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    customer_a_ = Customer("Acme");
    customer_b_ = Customer("Beta");
    ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     return c
                         .Execute(
                             "INSERT INTO users (email, name, role, password_hash,"
                             " created_at, updated_at) VALUES ('o@msp.example', 'o',"
                             " 'owner', 'x', 0, 0)")
                         .status();
                   })
                    .ok());
    desk_ = std::make_unique<TicketService>(*db_, clock_);
    kb_ = std::make_unique<Knowledge>(*db_, clock_);
  }

  int64_t Customer(const std::string& name) {
    int64_t id = 0;
    EXPECT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row r,
                         c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                    " VALUES (?, 0, 0) RETURNING id",
                                    {name}));
                     id = r.Int("id");
                     return Status::Ok();
                   })
                    .ok());
    return id;
  }

  int64_t Article(const std::string& title, const std::string& body, bool published = true,
                  bool is_public = false) {
    auto r = kb_->CreateArticle(actor(), {{"title", title},
                                          {"body", body},
                                          {"status", published ? "published" : "draft"},
                                          {"public", is_public}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["id"].get<int64_t>() : 0;
  }

  int64_t Ticket(int64_t customer, const std::string& subject, const std::string& description) {
    NewTicketRequest request;
    request.customer_id = customer;
    request.subject = subject;
    request.description = description;
    auto r = desk_->Create(actor(), request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  void Close(int64_t ticket, const std::string& resolution) {
    ASSERT_TRUE(desk_->Update(actor(), ticket, {.status = TicketStatus::kOpen}).ok());
    ASSERT_TRUE(desk_
                    ->Update(actor(), ticket,
                             {.status = TicketStatus::kHoldResolution, .resolution = resolution})
                    .ok());
    ASSERT_TRUE(desk_->Update(actor(), ticket, {.status = TicketStatus::kClosed}).ok());
  }

  std::vector<std::pair<std::string, int64_t>> Hits(const accounts::Principal& who,
                                                    const std::string& q, bool any = false) {
    auto r = kb_->Search(who, q, 20, any);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::pair<std::string, int64_t>> out;
    if (r.ok()) {
      for (const Json& h : (*r)["results"]) out.emplace_back(h["type"], h["id"]);
    }
    return out;
  }

  accounts::Actor actor() { return {system_, "test"}; }

  accounts::Principal Portal(int64_t customer) {
    accounts::Principal p;
    p.user_id = 999;
    p.role = accounts::Role::kPortal;
    p.customer_id = customer;
    return p;
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};  // 2026-11-23T09:00:00Z
  accounts::Principal system_ = accounts::Principal::System("test");
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<TicketService> desk_;
  std::unique_ptr<Knowledge> kb_;
  int64_t customer_a_ = 0, customer_b_ = 0;
};

TEST_P(KnowledgeServiceTest, BetterMatchRanksFirst) {
  int64_t weak = Article("Office network overview",
                         "The office has a printer on each floor and a VPN gateway.");
  int64_t strong = Article("Printer spooler keeps stopping",
                           "Restart the print spooler service. Clear the spooler queue folder "
                           "when a printer job is stuck; then the printer prints again.");
  Article("Outlook profile repair", "Create a new Outlook profile.");
  auto hits = Hits(system_, "printer spooler", true);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0], std::make_pair(std::string("article"), strong));
  EXPECT_EQ(hits[1], std::make_pair(std::string("article"), weak));
  // All words required by default: only the strong one has both.
  hits = Hits(system_, "printer spooler");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].second, strong);
  // Prefixes match; a snippet and a positive score come back.
  auto r = kb_->Search(system_, "spool", 5, false);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ((*r)["results"].size(), 1u);
  EXPECT_GT((*r)["results"][0]["score"].get<double>(), 0.0);
  EXPECT_NE((*r)["results"][0]["snippet"].get<std::string>().find("spooler"), std::string::npos);
  // Query syntax is text, never engine operators.
  EXPECT_TRUE(kb_->Search(system_, "\"printer\" OR title:* NEAR(", 5, false).ok());
  EXPECT_FALSE(kb_->Search(system_, "!!!", 5, false).ok());
}

TEST_P(KnowledgeServiceTest, DraftsPublicFlagAndClosedTicketsPerCustomer) {
  int64_t draft = Article("VPN drops draft", "vpn notes", false);
  int64_t internal_only = Article("VPN internal runbook", "vpn gateway restart");
  int64_t pub = Article("VPN client setup", "install the vpn client", true, true);
  int64_t ta = Ticket(customer_a_, "VPN disconnects every hour", "vpn drops");
  int64_t tb = Ticket(customer_b_, "VPN broken at Beta", "vpn");
  // Open tickets are not knowledge yet.
  EXPECT_EQ(Hits(system_, "vpn").size(), 2u);
  Close(ta, "Raised the VPN idle timeout on the firewall.");
  Close(tb, "Reinstalled the VPN client.");
  auto staff = Hits(system_, "vpn");
  EXPECT_EQ(staff.size(), 4u);  // two published articles, two closed tickets; no draft
  for (const auto& h : staff) EXPECT_NE(h, std::make_pair(std::string("article"), draft));
  auto portal = Hits(Portal(customer_a_), "vpn");
  ASSERT_EQ(portal.size(), 2u);
  for (const auto& h : portal) {
    EXPECT_TRUE(h == std::make_pair(std::string("article"), pub) ||
                h == std::make_pair(std::string("ticket"), ta));
    EXPECT_NE(h.second == internal_only && h.first == "article", true);
    EXPECT_NE(h.second == tb && h.first == "ticket", true);
  }
  // Publishing the draft makes it findable; deleting removes it.
  ASSERT_TRUE(kb_->UpdateArticle(actor(), draft, {{"status", "published"}}).ok());
  EXPECT_EQ(Hits(system_, "vpn").size(), 5u);
  ASSERT_TRUE(kb_->DeleteArticle(actor(), draft).ok());
  EXPECT_EQ(Hits(system_, "vpn").size(), 4u);
  // The resolution is what the ticket is found by.
  auto by_resolution = Hits(system_, "idle timeout");
  ASSERT_EQ(by_resolution.size(), 1u);
  EXPECT_EQ(by_resolution[0], std::make_pair(std::string("ticket"), ta));
}

TEST_P(KnowledgeServiceTest, SuggestionsForATicket) {
  int64_t spooler = Article("Printer spooler keeps stopping", "Restart the print spooler.");
  Article("Outlook profile repair", "Create a new Outlook profile.");
  int64_t old = Ticket(customer_a_, "Printer queue stuck", "jobs stay in the queue");
  Close(old, "Cleared the spooler folder and restarted the spooler.");
  int64_t open = Ticket(customer_b_, "The printer is not printing",
                        "Since this morning the spooler stops and the printer is offline.");
  auto r = kb_->SuggestForTicket(system_, open, 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Json results = (*r)["results"];
  ASSERT_EQ(results.size(), 2u) << r->dump();
  std::set<std::pair<std::string, int64_t>> got;
  for (const Json& h : results) got.emplace(h["type"], h["id"]);
  EXPECT_TRUE(got.count({"article", spooler}));
  EXPECT_TRUE(got.count({"ticket", old}));
  // Stop words are gone from the query.
  for (const Json& t : (*r)["query"]) {
    EXPECT_NE(t, "the");
    EXPECT_NE(t, "since");
    EXPECT_NE(t, "is");
  }
  // The ticket itself never suggests itself once closed.
  Close(open, "Restarted the spooler.");
  r = kb_->SuggestForTicket(system_, open, 5);
  ASSERT_TRUE(r.ok());
  for (const Json& h : (*r)["results"]) EXPECT_FALSE(h["type"] == "ticket" && h["id"] == open);
}

TEST_P(KnowledgeServiceTest, ProblemsLinkUnlinkAndStates) {
  int64_t t1 = Ticket(customer_a_, "VPN drops", "x");
  int64_t t2 = Ticket(customer_b_, "VPN drops", "x");
  auto p = kb_->CreateProblem(actor(),
                              {{"title", "VPN gateway drops tunnels"}, {"ticket_ids", {t1, t2}}});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  int64_t id = (*p)["id"];
  EXPECT_EQ((*p)["status"], "open");
  EXPECT_EQ((*p)["incidents"].size(), 2u);
  // A ticket in one problem cannot join another.
  auto second = kb_->CreateProblem(actor(), {{"title", "other"}, {"ticket_ids", {t1}}});
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  // Nothing half-written: no problem "other" exists.
  auto list = kb_->ListProblems(system_, std::nullopt);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ((*list)["problems"].size(), 1u);
  // A known error needs its workaround.
  auto ke = kb_->UpdateProblem(actor(), id, {{"status", "known_error"}});
  EXPECT_EQ(ke.status().field(), "workaround");
  ke = kb_->UpdateProblem(actor(), id,
                          {{"status", "known_error"}, {"workaround", "Reconnect the client."}});
  ASSERT_TRUE(ke.ok()) << ke.status().ToString();
  EXPECT_TRUE((*ke)["known_error"].get<bool>());
  EXPECT_EQ(kb_->UpdateProblem(actor(), id, {{"status", "closed"}}).status().code(),
            StatusCode::kConflict);
  // Tickets show their problem (staff only).
  auto t = desk_->Get(system_, t1);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t->problem.has_value());
  EXPECT_EQ(t->problem->id, id);
  auto portal_view = desk_->Get(Portal(customer_a_), t1);
  ASSERT_TRUE(portal_view.ok());
  EXPECT_FALSE(portal_view->problem.has_value());
  EXPECT_EQ(kb_->GetProblem(Portal(customer_a_), id).status().code(), StatusCode::kNotFound);
  auto un = kb_->UnlinkIncident(actor(), id, t2);
  ASSERT_TRUE(un.ok());
  EXPECT_EQ((*un)["incidents"].size(), 1u);
  EXPECT_EQ(kb_->UnlinkIncident(actor(), id, t2).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(kb_->LinkIncident(actor(), id, t2).ok());
  auto full = kb_->GetProblem(system_, id);
  ASSERT_TRUE(full.ok());
  std::vector<std::string> kinds;
  for (const Json& e : (*full)["history"]) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"status", "incident_link", "incident_link", "status",
                                             "workaround", "known_error", "incident_unlink",
                                             "incident_link"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, KnowledgeServiceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::servicedesk
