#include "proto/agent_frames.h"

#include <cmath>
#include <limits>

namespace steward::proto {

namespace {

constexpr size_t kMaxLabels = 16;
constexpr size_t kMaxLabelBytes = 1024;

Result<WireSample> ParseSample(const Json& j, const std::string& prefix) {
  // The reader joins its prefix and a key with a dot: "samples[3]" + "ts".
  ObjectReader r(j, prefix.substr(0, prefix.size() - 1));
  WireSample s;
  s.metric = r.RequiredString("metric", 1, 100);
  s.ts_ms = r.RequiredInt("ts", 0, int64_t{1} << 50);
  auto value = r.OptionalNumber("value", -std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::max());
  if (const Json* labels = r.OptionalRaw("labels")) {
    if (!labels->is_object() || labels->size() > kMaxLabels) {
      return Status::InvalidArgument("must be an object of at most 16 strings", prefix + "labels");
    }
    for (const auto& [k, v] : labels->items()) {
      if (!v.is_string() || k.empty() || k.size() > 64 ||
          v.get_ref<const std::string&>().size() > kMaxLabelBytes) {
        return Status::InvalidArgument("labels are short strings", prefix + "labels." + k);
      }
      s.labels[k] = v.get<std::string>();
    }
  }
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!value) return Status::InvalidArgument("is required", prefix + "value");
  s.value = *value;
  return s;
}

Json SampleJson(const WireSample& s) {
  Json j = {{"metric", s.metric}, {"ts", s.ts_ms}, {"value", s.value}};
  if (!s.labels.empty()) j["labels"] = s.labels;
  return j;
}

std::string CapUtf8(std::string s, size_t cap) {
  if (s.size() <= cap) return s;
  s.resize(cap);
  // Drop a cut multi-byte sequence so the text stays valid UTF-8.
  while (!s.empty() && !IsValidUtf8(s)) s.pop_back();
  return s;
}

Result<std::vector<PackageOutcome>> ParsePackageOutcomes(const Json& j) {
  if (!j.is_array() || j.size() > kMaxPackageOutcomes) {
    return Status::InvalidArgument("must be an array of at most 200 packages", "packages");
  }
  std::vector<PackageOutcome> out;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string prefix = "packages[" + std::to_string(i) + "]";
    ObjectReader r(j[i], prefix);
    PackageOutcome p;
    p.name = r.RequiredString("name", 1, 128);
    p.outcome = r.RequiredEnum("outcome", {"installed", "failed", "held"});
    p.version = r.OptionalString("version", 128).value_or("");
    p.state = r.OptionalString("state", 40).value_or("");
    std::optional<int64_t> exit_code;
    std::optional<std::string> log_tail, reason;
    if (p.outcome == "failed") {
      exit_code = r.OptionalInt("exit_code", -255, 255);
      log_tail = r.OptionalString("log_tail", kMaxLogTailBytes);
    } else if (p.outcome == "held") {
      reason = r.RequiredString("reason", 1, 2000);
    }
    // Anything else (a reason on an installed package, a log tail on a held
    // one) is an unknown field here.
    STEWARD_RETURN_IF_ERROR(r.Finish());
    p.exit_code = static_cast<int>(exit_code.value_or(0));
    p.log_tail = log_tail.value_or("");
    p.reason = reason.value_or("");
    out.push_back(std::move(p));
  }
  return out;
}

Json PackageOutcomeJson(const PackageOutcome& p) {
  Json j = {{"name", p.name}, {"outcome", p.outcome}};
  if (!p.version.empty()) j["version"] = p.version;
  if (!p.state.empty()) j["state"] = p.state;
  if (p.outcome == "failed") {
    j["exit_code"] = p.exit_code;
    j["log_tail"] = CapUtf8(p.log_tail, kMaxLogTailBytes);
  } else if (p.outcome == "held") {
    j["reason"] = CapUtf8(p.reason, 2000);
  }
  return j;
}

}  // namespace

int64_t UnparsableBatchSeq(std::string_view text) {
  if (text.size() > kMaxFrameBytes) return 0;
  auto j = ParseJsonStrict(text);
  if (!j.ok() || !j->is_object()) return 0;
  auto type = j->find("type");
  auto seq = j->find("seq");
  if (type == j->end() || *type != "batch" || seq == j->end() || !seq->is_number_integer()) {
    return 0;
  }
  int64_t value = seq->get<int64_t>();
  return value >= 1 ? value : 0;
}

Result<AgentFrame> ParseAgentFrame(std::string_view text) {
  if (text.size() > kMaxFrameBytes) return Status::InvalidArgument("frame too large");
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  if (!j.is_object()) return Status::InvalidArgument("a frame is a JSON object");
  ObjectReader r(j);
  std::string type = r.RequiredEnum("type", {"hello", "batch", "result", "ping", "output"});
  if (type == "hello") {
    HelloFrame f;
    f.agent_version = r.RequiredString("agent_version", 1, 40);
    STEWARD_RETURN_IF_ERROR(r.Finish());
    return AgentFrame(f);
  }
  if (type == "ping") {
    STEWARD_RETURN_IF_ERROR(r.Finish());
    return AgentFrame(PingFrame{});
  }
  if (type == "output") {
    CommandOutputFrame f;
    f.command_id = r.RequiredInt("command_id", 1, kMaxId);
    f.is_stderr = r.RequiredEnum("stream", {"stdout", "stderr"}) == "stderr";
    f.data = r.RequiredString("data", 1, kMaxOutputChunkBytes);
    STEWARD_RETURN_IF_ERROR(r.Finish());
    return AgentFrame(f);
  }
  if (type == "result") {
    CommandResultFrame f;
    f.command_id = r.RequiredInt("command_id", 1, kMaxId);
    f.status = r.RequiredEnum("status", {"completed", "timed_out", "refused", "failed"});
    f.refusal = r.OptionalString("refusal", 40).value_or("");
    f.exit_code = static_cast<int>(r.OptionalInt("exit_code", -255, 255).value_or(0));
    f.stdout_text = r.OptionalString("stdout", kMaxCommandOutputBytes).value_or("");
    f.stderr_text = r.OptionalString("stderr", kMaxCommandOutputBytes).value_or("");
    const Json* packages = r.OptionalRaw("packages");
    f.reboot_required = r.OptionalBool("reboot_required").value_or(false);
    f.reboot_scheduled = r.OptionalBool("reboot_scheduled").value_or(false);
    STEWARD_RETURN_IF_ERROR(r.Finish());
    if (packages) {
      STEWARD_ASSIGN_OR_RETURN(f.packages, ParsePackageOutcomes(*packages));
    } else if (f.reboot_required || f.reboot_scheduled) {
      return Status::InvalidArgument("only with packages",
                                     f.reboot_required ? "reboot_required" : "reboot_scheduled");
    }
    return AgentFrame(f);
  }
  BatchFrame f;
  f.seq = r.RequiredInt("seq", 1, kMaxId);
  f.first_seq = r.OptionalInt("first_seq", 1, kMaxId).value_or(f.seq);
  const Json* samples = r.OptionalRaw("samples");
  const Json* inventory = r.OptionalRaw("inventory");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (f.first_seq > f.seq) return Status::InvalidArgument("must not exceed seq", "first_seq");
  if (samples) {
    if (!samples->is_array()) return Status::InvalidArgument("must be an array", "samples");
    if (samples->size() > kMaxSamplesPerBatch) {
      return Status::InvalidArgument("at most 5000 samples per batch", "samples");
    }
    f.samples.reserve(samples->size());
    for (size_t i = 0; i < samples->size(); ++i) {
      Result<WireSample> s = ParseSample((*samples)[i], "samples[" + std::to_string(i) + "].");
      if (!s.ok()) {
        f.unparsable.push_back({static_cast<int64_t>(i), s.status().field(), s.status().message()});
        continue;
      }
      s->index = i;
      f.samples.push_back(std::move(*s));
    }
  }
  if (inventory) {
    if (!inventory->is_object()) return Status::InvalidArgument("must be an object", "inventory");
    f.inventory = *inventory;
  }
  return AgentFrame(std::move(f));
}

std::string EncodeHello(const HelloFrame& f) {
  return Json{{"type", "hello"}, {"agent_version", f.agent_version}}.dump();
}

std::string EncodeBatch(const BatchFrame& f) {
  Json samples = Json::array();
  for (const auto& s : f.samples) samples.push_back(SampleJson(s));
  Json j = {{"type", "batch"}, {"seq", f.seq}, {"samples", std::move(samples)}};
  if (f.first_seq != 0 && f.first_seq != f.seq) j["first_seq"] = f.first_seq;
  if (f.inventory) j["inventory"] = *f.inventory;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string EncodeCommandResult(const CommandResultFrame& f) {
  Json j = {{"type", "result"},
            {"command_id", f.command_id},
            {"status", f.status},
            {"exit_code", f.exit_code},
            {"stdout", CapUtf8(f.stdout_text, kMaxCommandOutputBytes)},
            {"stderr", CapUtf8(f.stderr_text, kMaxCommandOutputBytes)}};
  if (!f.refusal.empty()) j["refusal"] = f.refusal;
  if (f.packages) {
    Json packages = Json::array();
    for (const PackageOutcome& p : *f.packages) packages.push_back(PackageOutcomeJson(p));
    j["packages"] = std::move(packages);
    j["reboot_required"] = f.reboot_required;
    j["reboot_scheduled"] = f.reboot_scheduled;
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string EncodePing() { return R"({"type":"ping"})"; }

std::string EncodeCommandOutput(const CommandOutputFrame& f) {
  return Json{{"type", "output"},
              {"command_id", f.command_id},
              {"stream", f.is_stderr ? "stderr" : "stdout"},
              {"data", CapUtf8(f.data, kMaxOutputChunkBytes)}}
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<ServerFrame> ParseServerFrame(std::string_view text) {
  if (text.size() > kMaxFrameBytes) return Status::InvalidArgument("frame too large");
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  if (!j.is_object()) return Status::InvalidArgument("a frame is a JSON object");
  ObjectReader r(j);
  std::string type =
      r.RequiredEnum("type", {"welcome", "ack", "nack", "command", "result_ack", "pong"});
  ServerFrame out;
  if (type == "welcome") {
    WelcomeFrame f;
    f.device_id = r.RequiredInt("device_id", 1, kMaxId);
    f.status = r.RequiredEnum("status", {"quarantined", "approved"});
    f.last_seq = r.OptionalInt("last_seq", 0, kMaxId).value_or(0);
    f.rebound_from = r.OptionalInt("rebound_from", 1, kMaxId).value_or(0);
    f.rebind_signature = r.OptionalString("rebind_signature", 200).value_or("");
    if (f.rebound_from != 0 && f.rebind_signature.empty()) {
      return Status::InvalidArgument("required with rebound_from", "rebind_signature");
    }
    out = f;
  } else if (type == "ack") {
    AckFrame f;
    f.seq = r.RequiredInt("seq", 1, kMaxId);
    f.refused_count = r.OptionalInt("refused_count", 0, kMaxId).value_or(0);
    if (const Json* refused = r.OptionalRaw("refused")) {
      if (!refused->is_array() || refused->size() > kMaxRefusedNamed) {
        return Status::InvalidArgument("must be an array of at most 20 samples", "refused");
      }
      for (size_t i = 0; i < refused->size(); ++i) {
        ObjectReader e((*refused)[i], "refused[" + std::to_string(i) + "]");
        RefusedWireSample one;
        one.index = e.RequiredInt("index", 0, kMaxId);
        one.field = e.RequiredString("field", 0, 200);
        one.message = e.RequiredString("message", 0, 2000);
        STEWARD_RETURN_IF_ERROR(e.Finish());
        f.refused.push_back(std::move(one));
      }
    }
    out = f;
  } else if (type == "nack") {
    NackFrame f;
    f.seq = r.RequiredInt("seq", 0, kMaxId);
    f.code = r.RequiredString("code", 1, 40);
    f.message = r.OptionalString("message", 2000).value_or("");
    f.retry = r.OptionalBool("retry").value_or(false);
    out = f;
  } else if (type == "command") {
    CommandFrame f;
    f.command_id = r.RequiredInt("command_id", 1, kMaxId);
    f.envelope = r.RequiredString("envelope", 1, 256 * 1024);
    f.signature = r.OptionalString("signature", 256).value_or("");
    out = f;
  } else if (type == "result_ack") {
    out = ResultAckFrame{r.RequiredInt("command_id", 1, kMaxId)};
  } else {
    out = PongFrame{};
  }
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return out;
}

std::string EncodeServerFrame(const ServerFrame& frame) {
  struct Visitor {
    Json operator()(const WelcomeFrame& f) const {
      Json out = {{"type", "welcome"},
                  {"device_id", f.device_id},
                  {"status", f.status},
                  {"last_seq", f.last_seq}};
      if (f.rebound_from != 0) {
        out["rebound_from"] = f.rebound_from;
        out["rebind_signature"] = f.rebind_signature;
      }
      return out;
    }
    Json operator()(const AckFrame& f) const {
      Json out = {{"type", "ack"}, {"seq", f.seq}};
      if (f.refused_count > 0) {
        Json named = Json::array();
        for (const RefusedWireSample& r : f.refused) {
          named.push_back({{"index", r.index}, {"field", r.field}, {"message", r.message}});
        }
        out["refused"] = std::move(named);
        out["refused_count"] = f.refused_count;
      }
      return out;
    }
    Json operator()(const NackFrame& f) const {
      return {{"type", "nack"},
              {"seq", f.seq},
              {"code", f.code},
              {"message", f.message},
              {"retry", f.retry}};
    }
    Json operator()(const CommandFrame& f) const {
      return {{"type", "command"},
              {"command_id", f.command_id},
              {"envelope", f.envelope},
              {"signature", f.signature}};
    }
    Json operator()(const ResultAckFrame& f) const {
      return {{"type", "result_ack"}, {"command_id", f.command_id}};
    }
    Json operator()(const PongFrame&) const { return {{"type", "pong"}}; }
  };
  return std::visit(Visitor{}, frame).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace steward::proto
