#include "agent/collectors/builtin_collectors.h"

namespace steward::agent {

Json LoadCollectorState(const platform::System& system, const std::string& state_dir,
                        const std::string& name) {
  if (state_dir.empty()) return Json::object();
  auto text = system.ReadFile(state_dir + "/" + name + ".json", 1 << 20);
  if (!text.ok()) return Json::object();
  Json json = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return Json::object();
  return json;
}

Status SaveCollectorState(platform::System& system, const std::string& state_dir,
                          const std::string& name, const Json& state) {
  if (state_dir.empty()) return Status::Ok();
  return system.WriteFileAtomic(state_dir + "/" + name + ".json",
                                state.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void AddSample(Collection& out, std::string metric, Timestamp ts, double value,
               std::map<std::string, std::string> labels) {
  out.samples.push_back(CollectedSample{std::move(metric), ts, value, std::move(labels)});
}

}  // namespace steward::agent
