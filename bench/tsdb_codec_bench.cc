// Chunk codec throughput and size: encode and decode two hours of one-minute
// samples (120 points, the chunk a series closes every two hours) of three
// shapes — constant, whole percentages, and noisy doubles.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "storage/tsdb/gorilla_codec.h"

namespace steward::storage::tsdb {
namespace {

std::vector<Point> Series(int shape, int n) {
  std::mt19937_64 rng(42);
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) {
    int64_t ts = 1'795'000'000'000 + i * 60'000;
    double v = shape == 0   ? 42.0
               : shape == 1 ? static_cast<double>(rng() % 100)
                            : std::uniform_real_distribution<double>(0, 100)(rng);
    out.push_back({ts, v});
  }
  return out;
}

void BM_Encode(benchmark::State& state) {
  auto points = Series(static_cast<int>(state.range(0)), 120);
  size_t bytes = 0;
  for (auto _ : state) {
    ChunkEncoder enc;
    for (const Point& p : points) benchmark::DoNotOptimize(enc.Append(p.ts_ms, p.value));
    std::string chunk = enc.Finish();
    bytes = chunk.size();
    benchmark::DoNotOptimize(chunk);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(points.size()));
  state.counters["bytes_per_sample"] = static_cast<double>(bytes) / points.size();
}
BENCHMARK(BM_Encode)->Arg(0)->Arg(1)->Arg(2);

void BM_Decode(benchmark::State& state) {
  auto points = Series(static_cast<int>(state.range(0)), 120);
  ChunkEncoder enc;
  for (const Point& p : points) (void)enc.Append(p.ts_ms, p.value);
  std::string chunk = enc.Finish();
  for (auto _ : state) benchmark::DoNotOptimize(DecodeChunk(chunk));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(points.size()));
}
BENCHMARK(BM_Decode)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
}  // namespace steward::storage::tsdb

BENCHMARK_MAIN();
