// The service desk's e-mail intake (SPEC §5: "requests come by e-mail ...
// replies thread into the same ticket"). Each message is taken in once, in
// one transaction with its mail_messages row (the unique Message-ID is the
// duplicate guard): a new ticket for the customer whose contact has the
// sender's address, else whose e-mail domain matches; a reply appended to
// its ticket (reference "[#T-n]" in the subject, or In-Reply-To/References
// naming mail of the ticket) when the sender belongs to the ticket's
// customer; the answer to a confirmation request applied when its first
// line says RESOLVED or NOT RESOLVED; anything else — unknown senders,
// strangers answering on a ticket, unreadable mail — to the triage queue,
// where staff turn it into a ticket of the right customer. Automated mail
// (auto-replies, bulk, our own) is recorded as ignored: never a ticket.
#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "core/crypto.h"
#include "core/strings.h"
#include "server/audit/audit_log.h"
#include "server/mail/text_convert.h"
#include "server/servicedesk/rules/mail_routing.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"
#include "server/servicedesk/store/ticket_store.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr size_t kMaxMailBody = 20000;  // the API's limit for descriptions and replies

std::string CutUtf8(std::string text, size_t max, std::string_view marker = {}) {
  if (text.size() <= max) return text;
  text.resize(Utf8Prefix(text, max).size());
  text += marker;
  return text;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return s;
}

// The customer a sender belongs to: a contact with that address, else a
// customer owning the address's domain.
Result<MailSender> FindSender(Connection& c, const std::string& address) {
  MailSender s;
  if (address.empty()) return s;
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows contacts,
      c.Query("SELECT id, customer_id FROM contacts WHERE LOWER(email) = ? ORDER BY id",
              {address}));
  std::set<int64_t> customers;
  for (const Row& r : contacts) customers.insert(r.Int("customer_id"));
  if (customers.size() == 1) {
    s.customer_id = contacts[0].Int("customer_id");
    s.contact_id = contacts[0].Int("id");
    return s;
  }
  if (customers.size() > 1) {
    s.ambiguous = true;
    return s;
  }
  size_t at = address.rfind('@');
  if (at == std::string::npos) return s;
  STEWARD_ASSIGN_OR_RETURN(auto domain,
                           c.QueryOptional("SELECT customer_id FROM customer_email_domains"
                                           " WHERE domain = ?",
                                           {address.substr(at + 1)}));
  if (domain) s.customer_id = domain->Int("customer_id");
  return s;
}

// The ticket a message answers: the reference in its subject, else a
// Message-ID it names that we sent or received on a ticket.
Result<std::optional<int64_t>> FindTicket(Connection& c, const mail::InboundMessage& m) {
  if (auto ref = ParseTicketReference(m.subject)) {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT id FROM tickets WHERE id = ?", {*ref}));
    if (row) return std::optional<int64_t>(*ref);
  }
  std::vector<std::string> ids = m.references;
  if (!m.in_reply_to.empty()) ids.push_back(m.in_reply_to);
  // Newest first: the message answered directly wins.
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    STEWARD_ASSIGN_OR_RETURN(auto out, c.QueryOptional("SELECT related_id FROM outbox_emails WHERE"
                                                       " message_id = ? AND related_type ="
                                                       " 'ticket'",
                                                       {*it}));
    if (out && out->OptInt("related_id")) return out->OptInt("related_id");
    STEWARD_ASSIGN_OR_RETURN(
        auto in, c.QueryOptional("SELECT ticket_id FROM mail_messages WHERE message_id = ? AND"
                                 " ticket_id IS NOT NULL",
                                 {*it}));
    if (in) return in->OptInt("ticket_id");
  }
  return std::optional<int64_t>();
}

std::string Author(const mail::InboundMessage& m) {
  std::string name = OneLine(m.from_name);
  if (name.empty()) return m.from_address;
  return CutUtf8(name, 100) + " <" + m.from_address + ">";
}

// A Message-ID for mail without one: the same message fetched twice gets
// the same id, so it is still taken in once.
std::string StableId(const std::string& seed) {
  return "sha256." + Sha256Hex(seed) + "@no-message-id";
}

struct Stored {
  int64_t mail_message_id = 0;
};

}  // namespace

Result<Json> ServiceDesk::TakeInEmail(const mail::InboundMessage& raw_message) {
  mail::InboundMessage m = raw_message;
  if (m.message_id.empty()) {
    m.message_id = StableId(m.from_address + "\n" + m.subject + "\n" + m.text_body);
  }
  m.message_id = CutUtf8(m.message_id, 500);
  m.subject = CutUtf8(OneLine(m.subject), 200);
  std::string body = CutUtf8(m.text_body, kMaxMailBody, "\n[… cut: the message was longer]");
  const accounts::Principal system = accounts::Principal::System("mail intake");
  const accounts::Actor actor{system, ""};

  // Seen before: nothing to do (and no files to write).
  bool seen = false;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT id FROM mail_messages WHERE"
                                                       " message_id = ?",
                                                       {m.message_id}));
    seen = row.has_value();
    return Status::Ok();
  }));
  if (seen) return Json{{"outcome", "duplicate"}, {"duplicate", true}};
  std::vector<std::string> keys;
  if (!m.automated) {
    STEWARD_ASSIGN_OR_RETURN(keys, WriteAttachmentFiles(m));
  }

  Json out;
  Timestamp now = clock_.Now();
  Status s = db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto dup, c.QueryOptional("SELECT id FROM mail_messages WHERE"
                                                       " message_id = ?",
                                                       {m.message_id}));
    if (dup) {
      out = {{"outcome", "duplicate"}, {"duplicate", true}, {"mail_message_id", dup->Int("id")}};
      return Status::Ok();
    }
    // Before its sender is matched, a message may belong to any customer.
    const storage::ScopedConnection sc(
        c, storage::TenantScope::CrossTenant(storage::CrossTenantReason::kMailIntake));
    // Load: who sent it, and which ticket it answers.
    MailFacts facts;
    facts.automated = m.automated;
    facts.automated_reason = m.automated_reason;
    facts.from_address = m.from_address;
    facts.body = body;
    if (!m.automated) {
      STEWARD_ASSIGN_OR_RETURN(facts.sender, FindSender(c, m.from_address));
      STEWARD_ASSIGN_OR_RETURN(std::optional<int64_t> answered, FindTicket(c, m));
      if (answered) {
        STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(*answered));
        facts.answered = AnsweredTicket{t.id, t.customer_id, t.status, t.requester_email};
      }
    }
    // Decide.
    const MailRoute route = RouteMail(facts);
    // Apply.
    std::string outcome(MailOutcomeName(route.outcome)), reason = route.reason;
    std::optional<int64_t> ticket_id = route.ticket_id, reply_id, customer_id;
    if (facts.answered && route.ticket_id) customer_id = facts.answered->customer_id;
    switch (route.outcome) {
      case MailOutcome::kIgnored:
      case MailOutcome::kTriage:
        break;
      case MailOutcome::kConfirmation: {
        STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(*route.ticket_id));
        STEWARD_RETURN_IF_ERROR(internal::ApplyConfirmation(sc, t, *route.resolved, body, Author(m),
                                                            std::nullopt, false, now, system));
        STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                              {"ticket.confirm",
                                               "ticket",
                                               std::to_string(t.id),
                                               t.customer_id,
                                               {{"resolved", *route.resolved}, {"via", "email"}}}));
        STEWARD_ASSIGN_OR_RETURN(auto replies, TicketStore(sc).Replies(t.id));
        if (!replies.empty()) reply_id = replies.back().id;
        break;
      }
      case MailOutcome::kReply: {
        TicketStore store(sc);
        TicketReply reply;
        reply.ticket_id = *route.ticket_id;
        reply.author = Author(m);
        reply.body = body.empty() ? std::string("(empty message)") : body;
        reply.created_at = ToMillis(now);
        STEWARD_ASSIGN_OR_RETURN(reply_id, store.AddReply(reply));
        STEWARD_RETURN_IF_ERROR(store.Touch(*route.ticket_id, ToMillis(now)));
        STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                              {"ticket.reply",
                                               "ticket",
                                               std::to_string(*route.ticket_id),
                                               customer_id,
                                               {{"reply_id", *reply_id}, {"via", "email"}}}));
        break;
      }
      case MailOutcome::kNewTicket: {
        internal::NewTicket n;
        n.customer_id = *route.customer_id;
        n.contact_id = route.contact_id;
        if (!n.contact_id) n.requester_email = m.from_address;
        n.subject = m.subject.empty() ? "(no subject)" : m.subject;
        n.description = body;
        if (route.follow_up_of) {
          n.description =
              "Follow-up to closed ticket " + TicketReference(*route.follow_up_of) + ".\n\n" + body;
        }
        n.source = "email";
        n.acknowledge = false;  // below, once the message is recorded
        STEWARD_ASSIGN_OR_RETURN(ticket_id, internal::InsertTicket(sc, n, now, actor));
        customer_id = n.customer_id;
        break;
      }
    }
    STEWARD_ASSIGN_OR_RETURN(
        Row row,
        c.QueryOne("INSERT INTO mail_messages (message_id, from_address, from_name, subject, body,"
                   " outcome, reason, customer_id, ticket_id, reply_id, received_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {m.message_id, CutUtf8(m.from_address, 320), CutUtf8(OneLine(m.from_name), 200),
                    m.subject, body, outcome,
                    reason.empty() ? std::optional<std::string>() : std::optional(reason),
                    customer_id, ticket_id, reply_id, ToMillis(now)}));
    int64_t mail_id = row.Int("id");
    // Attachments: on the ticket (or held with the triage message).
    std::vector<std::string> notes;
    for (size_t i = 0; i < keys.size(); ++i) {
      const mail::InboundAttachment& a = m.attachments[i];
      size_t kept = std::min(a.bytes.size(), options_.max_attachment_bytes);
      bool truncated = a.truncated || kept < a.bytes.size();
      std::string file_name = a.file_name;
      if (!cmdb::ValidateFileName(file_name).ok())
        file_name = "attachment-" + std::to_string(i + 1);
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO ticket_attachments (ticket_id, customer_id, mail_message_id,"
                    " reply_id, internal, file_name, content_type, size_bytes, original_size,"
                    " truncated, sha256, storage_key, source, uploaded_by, created_at)"
                    " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 'email', NULL, ?)",
                    {ticket_id, customer_id, mail_id, reply_id, file_name,
                     cmdb::ContentTypeForFileName(file_name), static_cast<int64_t>(kept),
                     static_cast<int64_t>(std::max(a.original_size, a.bytes.size())), truncated,
                     Sha256Hex(std::string_view(a.bytes).substr(0, kept)), keys[i], ToMillis(now)})
              .status());
      if (truncated) {
        notes.push_back("The attachment \"" + file_name + "\" (" +
                        std::to_string(std::max(a.original_size, a.bytes.size())) +
                        " bytes) was over the size limit: only its first " + std::to_string(kept) +
                        " bytes are kept.");
      }
    }
    if (ticket_id && !notes.empty()) {
      std::string note;
      for (const std::string& n : notes) note += (note.empty() ? "" : "\n") + n;
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO ticket_replies (ticket_id, customer_id, parent_id,"
                    " author_user_id, author, from_staff, internal, body, created_at)"
                    " VALUES (?, ?, NULL, NULL, ?, 1, 1, ?, ?)",
                    {*ticket_id, customer_id, system.Label(), note, ToMillis(now)})
              .status());
    }
    if (outcome == "ticket") {
      STEWARD_RETURN_IF_ERROR(
          internal::MailCustomer(sc, *ticket_id, internal::CustomerMail::kAcknowledgement, now));
    }
    STEWARD_RETURN_IF_ERROR(
        audit::Record(c, now, actor,
                      {"mail.intake",
                       "mail_message",
                       std::to_string(mail_id),
                       customer_id,
                       {{"outcome", outcome},
                        {"from", m.from_address},
                        {"ticket_id", ticket_id ? Json(*ticket_id) : Json(nullptr)},
                        {"reason", reason}}}));
    out = {{"outcome", outcome},
           {"duplicate", false},
           {"mail_message_id", mail_id},
           {"ticket_id", ticket_id ? Json(*ticket_id) : Json(nullptr)},
           {"reason", reason}};
    return Status::Ok();
  });
  if (!s.ok() || out.value("duplicate", false)) RemoveFiles(keys);
  if (!s.ok()) return s;
  return out;
}

Result<Json> ServiceDesk::TakeInUnreadableEmail(const std::string& raw, const std::string& error) {
  const accounts::Principal system = accounts::Principal::System("mail intake");
  const accounts::Actor actor{system, ""};
  std::string id = StableId(raw);
  std::string text = CutUtf8(mail::MakeValidUtf8(raw), kMaxMailBody, "\n[… cut]");
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto dup, c.QueryOptional("SELECT id FROM mail_messages WHERE"
                                                       " message_id = ?",
                                                       {id}));
    if (dup) {
      out = {{"outcome", "duplicate"}, {"duplicate", true}, {"mail_message_id", dup->Int("id")}};
      return Status::Ok();
    }
    std::string reason = CutUtf8("unreadable message: " + OneLine(error), 500);
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO mail_messages (message_id, from_address, from_name,"
                            " subject, body, outcome, reason, received_at) VALUES (?, '', '',"
                            " '(unreadable message)', ?, 'triage', ?, ?) RETURNING id",
                            {id, text, reason, ToMillis(now)}));
    int64_t mail_id = row.Int("id");
    out = {{"outcome", "triage"},
           {"duplicate", false},
           {"mail_message_id", mail_id},
           {"ticket_id", nullptr},
           {"reason", reason}};
    return audit::Record(c, now, actor,
                         {"mail.intake",
                          "mail_message",
                          std::to_string(mail_id),
                          std::nullopt,
                          {{"outcome", "triage"}, {"reason", reason}}});
  }));
  return out;
}

namespace {

Json MailMessageJson(const Row& r) {
  auto opt = [&](const char* col) { return r.OptInt(col) ? Json(*r.OptInt(col)) : Json(nullptr); };
  return {{"id", r.Int("id")},
          {"message_id", r.Text("message_id")},
          {"from_address", r.Text("from_address")},
          {"from_name", r.Text("from_name")},
          {"subject", r.Text("subject")},
          {"body", r.Text("body")},
          {"outcome", r.Text("outcome")},
          {"reason", r.OptText("reason") ? Json(*r.OptText("reason")) : Json(nullptr)},
          {"customer_id", opt("customer_id")},
          {"ticket_id", opt("ticket_id")},
          {"reply_id", opt("reply_id")},
          {"received_at", IsoOrNull(r.Int("received_at"))},
          {"triaged_at", IsoOrNull(r.OptInt("triaged_at"))},
          {"triaged_by", opt("triaged_by")}};
}

constexpr std::string_view kMailSelect =
    "SELECT id, message_id, from_address, from_name, subject, body, outcome, reason, customer_id,"
    " ticket_id, reply_id, received_at, triaged_at, triaged_by FROM mail_messages";

Status RequireMailStaff(const accounts::Principal& p) {
  if (!p.scope().is_all()) return Status::PermissionDenied("the mail intake is for staff");
  return Status::Ok();
}

}  // namespace

Result<Json> ServiceDesk::ListMailMessages(const accounts::Principal& viewer,
                                           const std::optional<std::string>& outcome,
                                           int64_t limit) {
  STEWARD_RETURN_IF_ERROR(RequireMailStaff(viewer));
  std::string sql(kMailSelect);
  storage::Params params;
  if (outcome) {
    sql += " WHERE outcome = ?";
    params.push_back(*outcome);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(limit);
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      Json j = MailMessageJson(r);
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows att,
          c.Query("SELECT id, reply_id, internal, file_name, content_type, size_bytes, truncated,"
                  " original_size, source, created_at FROM ticket_attachments WHERE"
                  " mail_message_id = ? ORDER BY id",
                  {r.Int("id")}));
      j["attachments"] = Json::array();
      for (const Row& a : att) j["attachments"].push_back(internal::AttachmentJson(a));
      list.push_back(std::move(j));
    }
    return Status::Ok();
  }));
  return Json{{"messages", list}};
}

Result<Json> ServiceDesk::GetMailMessage(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(RequireMailStaff(viewer));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional(std::string(kMailSelect) + " WHERE id = ?", {id}));
    if (!row) return Status::NotFound("mail message", std::to_string(id));
    out = MailMessageJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<int64_t>> ServiceDesk::MailMessageOwner(int64_t) {
  // MSP-wide (0): staff without the role get 403 whether or not the id
  // exists; a portal user always gets 404.
  return std::optional<int64_t>(0);
}

Result<Ticket> ServiceDesk::TicketFromTriage(const accounts::Actor& actor, int64_t id,
                                             const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireMailStaff(p));
  ObjectReader r(body);
  int64_t customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  std::optional<int64_t> contact_id = r.OptionalInt("contact_id", 1, kMaxId);
  auto priority = r.OptionalEnum("priority", {"critical", "high", "normal", "low"});
  std::optional<int64_t> assignee = r.OptionalInt("assignee_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Ticket out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    const storage::ScopedConnection sc(c, p.scope());
    STEWARD_ASSIGN_OR_RETURN(auto msg,
                             c.QueryOptional(std::string(kMailSelect) + " WHERE id = ?", {id}));
    if (!msg) return Status::NotFound("mail message", std::to_string(id));
    if (msg->Text("outcome") != "triage") {
      return Status::Conflict("the message is not in triage (it is " + msg->Text("outcome") + ")");
    }
    internal::NewTicket n;
    n.customer_id = customer_id;
    n.contact_id = contact_id;
    if (!contact_id && !msg->Text("from_address").empty()) {
      n.requester_email = msg->Text("from_address");
    }
    n.subject = msg->Text("subject").empty() ? "(no subject)" : msg->Text("subject");
    n.description = msg->Text("body");
    n.source = "email";
    if (priority) n.priority = *ParsePriority(*priority);
    n.assignee_id = assignee;
    n.acknowledge = false;  // below, once the message names the ticket
    STEWARD_ASSIGN_OR_RETURN(int64_t ticket_id, internal::InsertTicket(sc, n, now, actor));
    // Only from triage: two staff assigning at once cannot both succeed.
    STEWARD_ASSIGN_OR_RETURN(
        int64_t changed,
        c.Execute("UPDATE mail_messages SET outcome = 'ticket', customer_id = ?, ticket_id = ?,"
                  " triaged_at = ?, triaged_by = ? WHERE id = ? AND outcome = 'triage'",
                  {customer_id, ticket_id, ToMillis(now),
                   p.user_id > 0 ? std::optional(p.user_id) : std::nullopt, id}));
    if (changed != 1) return Status::Conflict("the message was triaged meanwhile; reload it");
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE ticket_attachments SET ticket_id = ?, customer_id = ?"
                                      " WHERE mail_message_id = ?",
                                      {ticket_id, customer_id, id})
                                .status());
    STEWARD_RETURN_IF_ERROR(
        internal::MailCustomer(sc, ticket_id, internal::CustomerMail::kAcknowledgement, now));
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"mail.triage",
                                           "mail_message",
                                           std::to_string(id),
                                           customer_id,
                                           {{"ticket_id", ticket_id}}}));
    STEWARD_ASSIGN_OR_RETURN(out, TicketStore(sc).Get(ticket_id));
    return Status::Ok();
  }));
  return out;
}

namespace {

bool ValidDomain(const std::string& d) {
  if (d.empty() || d.size() > 253 || d.find('.') == std::string::npos) return false;
  if (d.front() == '.' || d.back() == '.' || d.find("..") != std::string::npos) return false;
  for (char c : d) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<Json> ServiceDesk::GetEmailDomains(const accounts::Principal& viewer, int64_t customer_id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = "SELECT id FROM customers WHERE id = ?";
    storage::Params params{customer_id};
    viewer.scope().AppendFilter(sql, params, "id");
    STEWARD_ASSIGN_OR_RETURN(auto customer, c.QueryOptional(sql, params));
    if (!customer) return Status::NotFound("customer", std::to_string(customer_id));
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query("SELECT domain FROM customer_email_domains WHERE"
                                     " customer_id = ? ORDER BY domain",
                                     {customer_id}));
    for (const Row& r : rows) list.push_back(r.Text("domain"));
    return Status::Ok();
  }));
  return Json{{"customer_id", customer_id}, {"domains", list}};
}

Result<Json> ServiceDesk::SetEmailDomains(const accounts::Actor& actor, int64_t customer_id,
                                          const Json& body) {
  ObjectReader r(body);
  auto domains = r.OptionalStringArray("domains", 50, 253);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!domains) return Status::InvalidArgument("is required", "domains");
  std::set<std::string> clean;
  for (const std::string& d : *domains) {
    std::string lower = AsciiLower(d);
    if (!ValidDomain(lower)) {
      return Status::InvalidArgument("\"" + d + "\" is not a domain name", "domains");
    }
    clean.insert(lower);
  }
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    std::string sql = "SELECT id FROM customers WHERE id = ?";
    storage::Params params{customer_id};
    actor.principal.scope().AppendFilter(sql, params, "id");
    STEWARD_ASSIGN_OR_RETURN(auto customer, c.QueryOptional(sql, params));
    if (!customer) return Status::NotFound("customer", std::to_string(customer_id));
    for (const std::string& d : clean) {
      STEWARD_ASSIGN_OR_RETURN(auto owner, c.QueryOptional("SELECT customer_id FROM"
                                                           " customer_email_domains WHERE"
                                                           " domain = ? AND customer_id <> ?",
                                                           {d, customer_id}));
      if (owner) {
        return Status::AlreadyExists(
            "\"" + d + "\" belongs to customer " + std::to_string(owner->Int("customer_id")),
            "domains");
      }
    }
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM customer_email_domains WHERE customer_id = ?", {customer_id})
            .status());
    for (const std::string& d : clean) {
      STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO customer_email_domains (domain, customer_id,"
                                        " created_at) VALUES (?, ?, ?)",
                                        {d, customer_id, ToMillis(now)})
                                  .status());
    }
    return audit::Record(
        c, now, actor,
        {"customer.email_domains",
         "customer",
         std::to_string(customer_id),
         customer_id,
         {{"domains", Json(std::vector<std::string>(clean.begin(), clean.end()))}}});
  }));
  return GetEmailDomains(actor.principal, customer_id);
}

}  // namespace steward::servicedesk
