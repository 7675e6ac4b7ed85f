// The billing profile store on SQLite and PostgreSQL: a profile round-trips
// and is replaced; the effective bill-to falls back to the primary contact
// and the first site's address, and back again when the chosen contact
// leaves; another customer's contact is refused; under one customer's scope
// another customer's profile can be neither read nor written.
#include "server/billing/store/billing_profile_store.h"

#include <functional>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class BillingProfileStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             for (const char* name : {"Acme", "Beta"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               customers_.push_back(r.Int("id"));
             }
             const int64_t acme = customers_[0];
             STEWARD_RETURN_IF_ERROR(
                 c.Execute("INSERT INTO sites (customer_id, name, address, city,"
                           " postal_code, country, created_at, updated_at)"
                           " VALUES (?, 'HQ', ?, 'Leeds', 'LS1 4AP', 'UK', 0, 0)",
                           {acme, "Harbour House\n12 Quay St"})
                     .status());
             auto contact = [&](int64_t customer, const char* name, const char* email,
                                bool primary) -> Result<int64_t> {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r,
                   c.QueryOne("INSERT INTO contacts (customer_id, name, email, is_primary,"
                              " created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)"
                              " RETURNING id",
                              {customer, std::string(name), std::string(email), primary}));
               return r.Int("id");
             };
             STEWARD_ASSIGN_OR_RETURN(primary_, contact(acme, "Pat", "pat@acme.example", true));
             STEWARD_ASSIGN_OR_RETURN(accounts_,
                                      contact(acme, "Accounts", "ap@acme.example", false));
             STEWARD_ASSIGN_OR_RETURN(beta_contact_,
                                      contact(customers_[1], "Bo", "bo@beta.example", true));
             return Status::Ok();
           })
            .ok());
  }

  Status Run(const TenantScope& scope, const std::function<Status(BillingProfileStore&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) {
      BillingProfileStore store(sc);
      return fn(store);
    });
  }
  BillTo Effective(int64_t customer) {
    BillTo out;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](BillingProfileStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(out, s.EffectiveBillTo(customer));
                  return Status::Ok();
                }).ok());
    return out;
  }

  ManualClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_;
  int64_t primary_ = 0, accounts_ = 0, beta_contact_ = 0;
};

TEST_P(BillingProfileStoreTest, WithoutAProfileTheSiteAndPrimaryContactAreUsed) {
  BillTo to = Effective(customers_[0]);
  EXPECT_EQ(to.customer_name, "Acme");
  EXPECT_EQ(to.contact_id, primary_);
  EXPECT_EQ(to.contact_email, "pat@acme.example");
  EXPECT_EQ(to.contact_source, ContactSource::kPrimary);
  EXPECT_EQ(to.address.lines, (std::vector<std::string>{"Harbour House", "12 Quay St"}));
  EXPECT_EQ(to.address.city, "Leeds");
  EXPECT_EQ(to.address_source, AddressSource::kSite);

  BillTo beta = Effective(customers_[1]);  // no site at all
  EXPECT_TRUE(beta.address.empty());
  EXPECT_EQ(beta.address_source, AddressSource::kNone);
}

TEST_P(BillingProfileStoreTest, AProfileRoundTripsIsReplacedAndWins) {
  const BillingProfile profile{
      accounts_, {{"PO Box 7", "Accounts Payable"}, "York", "North Yorkshire", "YO1 7HH", "UK"}};
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](BillingProfileStore& s) {
                return s.Put(customers_[0], profile, 1);
              }).ok());
  BillingProfile back;
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](BillingProfileStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(back, s.Get(customers_[0]));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(back, profile);
  BillTo to = Effective(customers_[0]);
  EXPECT_EQ(to.contact_id, accounts_);
  EXPECT_EQ(to.contact_email, "ap@acme.example");
  EXPECT_EQ(to.contact_source, ContactSource::kProfile);
  EXPECT_EQ(to.address, profile.address);
  EXPECT_EQ(to.address_source, AddressSource::kProfile);

  // Replaced by an empty profile: back to the fallbacks.
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](BillingProfileStore& s) {
                return s.Put(customers_[0], BillingProfile{}, 2);
              }).ok());
  to = Effective(customers_[0]);
  EXPECT_EQ(to.contact_id, primary_);
  EXPECT_EQ(to.address_source, AddressSource::kSite);
}

TEST_P(BillingProfileStoreTest, AChosenContactThatLeftFallsBackToThePrimary) {
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](BillingProfileStore& s) {
                return s.Put(customers_[0], BillingProfile{accounts_, {}}, 1);
              }).ok());
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) {
                   return c.Execute("DELETE FROM contacts WHERE id = ?", {accounts_}).status();
                 })
                  .ok());
  BillTo to = Effective(customers_[0]);
  EXPECT_EQ(to.contact_id, primary_);
  EXPECT_EQ(to.contact_source, ContactSource::kPrimary);
}

TEST_P(BillingProfileStoreTest, AnotherCustomersContactIsRefusedAndNothingIsWritten) {
  Status s = Run(TenantScope::Staff(), [&](BillingProfileStore& st) {
    return st.Put(customers_[0], BillingProfile{beta_contact_, {{"1 Main St"}, "", "", "", ""}}, 1);
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "contact_id");
  EXPECT_EQ(Effective(customers_[0]).address_source, AddressSource::kSite);
}

TEST_P(BillingProfileStoreTest, AScopeNeitherReadsNorWritesAnotherCustomersProfile) {
  const TenantScope beta = TenantScope::Customer(customers_[1]);
  for (int attempt = 0; attempt < 3; ++attempt) {
    Status s = Run(beta, [&](BillingProfileStore& st) -> Status {
      switch (attempt) {
        case 0:
          return st.Get(customers_[0]).status();
        case 1:
          return st.EffectiveBillTo(customers_[0]).status();
        default:
          return st.Put(customers_[0], BillingProfile{std::nullopt, {{"Evil St"}, "", "", "", ""}},
                        1);
      }
    });
    EXPECT_EQ(s.code(), StatusCode::kNotFound) << attempt;
  }
  EXPECT_EQ(Effective(customers_[0]).address_source, AddressSource::kSite);
  // Its own it reads.
  EXPECT_TRUE(Run(beta, [&](BillingProfileStore& st) {
                return st.EffectiveBillTo(customers_[1]).status();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingProfileStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::billing
