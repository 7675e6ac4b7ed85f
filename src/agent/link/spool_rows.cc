#include "agent/link/spool_rows.h"

#include <utility>

namespace steward::agent {

namespace {

Json SampleJson(const proto::WireSample& s) {
  Json j = {{"m", s.metric}, {"t", s.ts_ms}, {"v", s.value}};
  if (!s.labels.empty()) j["l"] = s.labels;
  return j;
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::vector<SpooledBatch> SplitCollection(std::vector<proto::WireSample> samples,
                                          std::optional<Json> inventory, const RowLimits& limits) {
  std::vector<SpooledBatch> rows;
  SpooledBatch row;
  size_t bytes = 0;
  if (inventory) {
    bytes = Dump(*inventory).size();
    row.inventory = std::move(inventory);
  }
  for (auto& s : samples) {
    size_t sample_bytes = EstimatedWireBytes(Dump(SampleJson(s)).size() + 1, 1);
    bool row_has_content = !row.samples.empty() || row.inventory;
    if (row_has_content &&
        (row.samples.size() >= limits.max_samples || bytes + sample_bytes > limits.max_bytes)) {
      rows.push_back(std::move(row));
      row = SpooledBatch{};
      bytes = 0;
    }
    row.samples.push_back(std::move(s));
    bytes += sample_bytes;
  }
  if (rows.empty() || !row.samples.empty() || row.inventory) rows.push_back(std::move(row));
  return rows;
}

std::string EncodePayload(const SpooledBatch& row) {
  Json list = Json::array();
  for (const auto& s : row.samples) list.push_back(SampleJson(s));
  Json out = {{"s", std::move(list)}};
  if (row.inventory) out["i"] = *row.inventory;
  return Dump(out);
}

Result<SpooledBatch> ParsePayload(std::string_view text) {
  auto payload = ParseJsonStrict(text);
  if (!payload.ok() || !payload->is_object()) {
    return Status::InvalidArgument("spool: unreadable row");
  }
  SpooledBatch row;
  auto list = payload->find("s");
  if (list != payload->end() && list->is_array()) {
    for (const Json& s : *list) {
      // Typed checks before every get: nlohmann throws on a type mismatch.
      if (!s.is_object() || !s.contains("m") || !s["m"].is_string() || !s.contains("t") ||
          !s["t"].is_number_integer() || !s.contains("v") || !s["v"].is_number()) {
        return Status::InvalidArgument("spool: unreadable sample");
      }
      proto::WireSample w;
      w.metric = s["m"].get<std::string>();
      w.ts_ms = s["t"].get<int64_t>();
      w.value = s["v"].get<double>();
      if (s.contains("l") && s["l"].is_object()) {
        for (const auto& [k, v] : s["l"].items()) {
          if (v.is_string()) w.labels[k] = v.get<std::string>();
        }
      }
      row.samples.push_back(std::move(w));
    }
  }
  if (payload->contains("i")) row.inventory = (*payload)["i"];
  return row;
}

}  // namespace steward::agent
