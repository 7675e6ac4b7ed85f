// Relations between CIs of one customer: runs_on (a VM on its host),
// depends_on (an application on its database server), connected_to (a
// switch to a firewall; symmetric). Relations are part of a CI's
// configuration, so adding or removing one is recorded in the history of both
// CIs.
#include "server/audit/audit_log.h"
#include "server/cmdb/ci_history.h"
#include "server/cmdb/ci_store.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

Json RelationItem(const Row& r) {
  return {{"id", r.Int("id")},
          {"kind", r.Text("kind")},
          {"ci_id", r.Int("ci_id")},
          {"ci_name", r.Text("ci_name")},
          {"ci_kind", r.Text("ci_kind")},
          {"created_at", internal::IsoTime(r.Int("created_at"))}};
}

// The history text of a relation as seen from each end.
std::string OutgoingText(std::string_view kind, const Row& to) {
  return std::string(kind) + " -> " + internal::CiLabel(to);
}
std::string IncomingText(std::string_view kind, const Row& from) {
  return internal::CiLabel(from) + " " + std::string(kind) + " -> this CI";
}

Status RecordRelationHistory(Connection& c, Timestamp now, const accounts::Actor& actor,
                             const Row& from, const Row& to, std::string_view kind, bool added,
                             const std::optional<std::string>& rfc_ref) {
  auto change = [&](std::string text) {
    return added ? CiChange{"relation", std::nullopt, std::move(text)}
                 : CiChange{"relation", std::move(text), std::nullopt};
  };
  int64_t customer_id = from.Int("customer_id");
  STEWARD_RETURN_IF_ERROR(RecordCiChanges(c, now, actor, customer_id, from.Int("id"),
                                          {change(OutgoingText(kind, to))}, rfc_ref));
  return RecordCiChanges(c, now, actor, customer_id, to.Int("id"),
                         {change(IncomingText(kind, from))}, rfc_ref);
}

}  // namespace

Result<Json> CmdbService::ListRelations(const accounts::Principal& viewer, int64_t ci_id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto ci, internal::FindCi(c, viewer.scope(), ci_id));
    if (!ci) return Status::NotFound("ci", std::to_string(ci_id));
    // Both ends always share the customer; the scope filter on the relation
    // row keeps that true even for rows written by a buggy future caller.
    std::string outgoing =
        "SELECT r.id, r.kind, r.created_at, o.id AS ci_id, o.name AS ci_name, o.kind AS ci_kind"
        " FROM ci_relations r JOIN cis o ON o.id = r.to_ci_id WHERE r.from_ci_id = ?";
    Params out_params{ci_id};
    viewer.scope().AppendFilter(outgoing, out_params, "o.customer_id");
    outgoing += " ORDER BY r.id";
    std::string incoming =
        "SELECT r.id, r.kind, r.created_at, o.id AS ci_id, o.name AS ci_name, o.kind AS ci_kind"
        " FROM ci_relations r JOIN cis o ON o.id = r.from_ci_id WHERE r.to_ci_id = ?";
    Params in_params{ci_id};
    viewer.scope().AppendFilter(incoming, in_params, "o.customer_id");
    incoming += " ORDER BY r.id";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows out_rows, c.Query(outgoing, out_params));
    STEWARD_ASSIGN_OR_RETURN(storage::Rows in_rows, c.Query(incoming, in_params));
    Json o = Json::array();
    Json i = Json::array();
    for (const Row& r : out_rows) o.push_back(RelationItem(r));
    for (const Row& r : in_rows) i.push_back(RelationItem(r));
    out = {{"outgoing", std::move(o)}, {"incoming", std::move(i)}};
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::AddRelation(const accounts::Actor& actor, int64_t ci_id,
                                      const Json& body) {
  ObjectReader r(body);
  int64_t to_id = r.RequiredInt("to_ci_id", 1, INT64_MAX);
  std::string kind = r.RequiredEnum("kind", RelationKinds());
  std::optional<std::string> rfc_ref = internal::ReadRfcRef(r);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(internal::CheckRfcRef(rfc_ref));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    const storage::TenantScope scope = actor.principal.scope();
    STEWARD_ASSIGN_OR_RETURN(auto from, internal::FindCi(c, scope, ci_id));
    if (!from) return Status::NotFound("ci", std::to_string(ci_id));
    if (to_id == ci_id) return Status::InvalidArgument("a CI cannot relate to itself", "to_ci_id");
    STEWARD_ASSIGN_OR_RETURN(auto to, internal::FindCi(c, scope, to_id));
    if (!to) return Status::InvalidArgument("no such CI", "to_ci_id");
    int64_t customer_id = from->Int("customer_id");
    if (to->Int("customer_id") != customer_id) {
      return Status::InvalidArgument("both CIs must belong to the same customer", "to_ci_id");
    }
    // connected_to has no direction: B connected_to A duplicates A connected_to B.
    std::string dup_sql =
        "SELECT id FROM ci_relations WHERE kind = ? AND ((from_ci_id = ? AND to_ci_id = ?)";
    Params dup_params{kind, ci_id, to_id};
    if (kind == "connected_to") {
      dup_sql += " OR (from_ci_id = ? AND to_ci_id = ?)";
      dup_params.emplace_back(to_id);
      dup_params.emplace_back(ci_id);
    }
    dup_sql += ")";
    STEWARD_ASSIGN_OR_RETURN(auto dup, c.QueryOptional(dup_sql, dup_params));
    if (dup) return Status::AlreadyExists("this relation exists already", "to_ci_id");

    Timestamp now = clock_.Now();
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO ci_relations (customer_id, from_ci_id, to_ci_id, kind, created_at)"
                   " VALUES (?, ?, ?, ?, ?) RETURNING id",
                   {customer_id, ci_id, to_id, kind, ToMillis(now)}));
    int64_t id = inserted.Int("id");
    STEWARD_RETURN_IF_ERROR(RecordRelationHistory(c, now, actor, *from, *to, kind, true, rfc_ref));
    out = {{"id", id},
           {"customer_id", customer_id},
           {"from_ci_id", ci_id},
           {"to_ci_id", to_id},
           {"kind", kind},
           {"created_at", internal::IsoTime(ToMillis(now))}};
    Json details = {{"from_ci_id", ci_id}, {"to_ci_id", to_id}, {"kind", kind}};
    if (rfc_ref) details["rfc_ref"] = *rfc_ref;
    return audit::Record(
        c, now, actor,
        {"ci.relation_add", "ci_relation", std::to_string(id), customer_id, std::move(details)});
  }));
  return out;
}

Status CmdbService::DeleteRelation(const accounts::Actor& actor, int64_t ci_id,
                                   int64_t relation_id) {
  return db_.Transact([&](Connection& c) -> Status {
    const storage::TenantScope scope = actor.principal.scope();
    STEWARD_ASSIGN_OR_RETURN(auto ci, internal::FindCi(c, scope, ci_id));
    if (!ci) return Status::NotFound("ci", std::to_string(ci_id));
    STEWARD_ASSIGN_OR_RETURN(
        auto rel, c.QueryOptional("SELECT id, customer_id, from_ci_id, to_ci_id, kind"
                                  " FROM ci_relations WHERE id = ? AND (from_ci_id = ? OR"
                                  " to_ci_id = ?)",
                                  {relation_id, ci_id, ci_id}));
    if (!rel) return Status::NotFound("relation", std::to_string(relation_id));
    STEWARD_ASSIGN_OR_RETURN(auto from, internal::FindCi(c, scope, rel->Int("from_ci_id")));
    STEWARD_ASSIGN_OR_RETURN(auto to, internal::FindCi(c, scope, rel->Int("to_ci_id")));
    if (!from || !to) return Status::NotFound("relation", std::to_string(relation_id));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM ci_relations WHERE id = ?", {relation_id}).status());
    Timestamp now = clock_.Now();
    std::string kind = rel->Text("kind");
    STEWARD_RETURN_IF_ERROR(
        RecordRelationHistory(c, now, actor, *from, *to, kind, false, std::nullopt));
    return audit::Record(c, now, actor,
                         {"ci.relation_delete",
                          "ci_relation",
                          std::to_string(relation_id),
                          rel->Int("customer_id"),
                          {{"from_ci_id", rel->Int("from_ci_id")},
                           {"to_ci_id", rel->Int("to_ci_id")},
                           {"kind", kind}}});
  });
}

}  // namespace steward::cmdb
