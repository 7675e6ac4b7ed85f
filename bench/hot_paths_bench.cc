// Hot paths of ingest and the service desk (issue 6 item 2): threshold
// evaluation per sample, decoding an agent batch frame, and SLA due-time
// computation on a business calendar.
#include <chrono>
#include <string>

#include <benchmark/benchmark.h>

#include "proto/agent_frames.h"
#include "server/monitoring/evaluator.h"
#include "server/servicedesk/calendar_json.h"

namespace steward {
namespace {

// One CPU sample through the duration window (the common case: below the
// threshold; state carried from the previous sample like the service does).
void BM_EvaluateCpuSample(benchmark::State& state) {
  monitoring::Policy policy;
  monitoring::WindowState window;
  monitoring::Sample sample{1, "cpu.used_percent", FromMillis(1'795'000'000'000), 42.0, {}};
  int64_t i = 0;
  for (auto _ : state) {
    sample.ts = FromMillis(1'795'000'000'000 + 60'000 * ++i);
    sample.value = (i % 10 == 0) ? 95.0 : 42.0;
    monitoring::Step step =
        monitoring::EvaluateSample(policy, monitoring::Condition::kCpuHigh, window, sample);
    window = std::move(step.state);
    benchmark::DoNotOptimize(window);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateCpuSample);

// Decoding one agent batch frame of 30 samples (the fleet's metric mix).
void BM_DecodeBatchFrame(benchmark::State& state) {
  proto::BatchFrame batch;
  batch.seq = 7;
  for (int i = 0; i < 30; ++i) {
    batch.samples.push_back({"volume.free_bytes",
                             1'795'000'000'000,
                             1.0e9 + i,
                             {{"mount", "/srv/" + std::to_string(i)}, {"system", "false"}}});
  }
  std::string text = proto::EncodeBatch(batch);
  for (auto _ : state) {
    auto frame = proto::ParseAgentFrame(text);
    benchmark::DoNotOptimize(frame);
  }
  state.SetItemsProcessed(state.iterations() * 30);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_DecodeBatchFrame);

// A "normal" priority response target (next business day) and a 2-hour
// target on a Berlin office calendar with holidays, from a Friday evening.
void BM_SlaDueTimes(benchmark::State& state) {
  Json hours = Json::object();
  for (const char* day : {"mon", "tue", "wed", "thu", "fri"}) {
    hours[day] = Json::array({Json::array({"08:00", "12:00"}), Json::array({"13:00", "17:00"})});
  }
  auto cal = servicedesk::BuildCalendar("Europe/Berlin", hours,
                                        Json::array({"2026-12-24", "2026-12-25", "2026-12-26"}));
  if (!cal.ok()) {
    state.SkipWithError("calendar");
    return;
  }
  Timestamp friday_evening = FromMillis(1'797'012'000'000);  // 2026-12-11T18:40Z
  for (auto _ : state) {
    Timestamp next_day = servicedesk::EndOfNthBusinessDay(*cal, friday_evening, 1);
    Timestamp two_hours = servicedesk::AddBusinessTime(*cal, friday_evening, std::chrono::hours(2));
    benchmark::DoNotOptimize(next_day);
    benchmark::DoNotOptimize(two_hours);
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_SlaDueTimes);

}  // namespace
}  // namespace steward

BENCHMARK_MAIN();
