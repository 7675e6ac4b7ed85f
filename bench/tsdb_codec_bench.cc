// Chunk codec throughput and size: encode and decode two hours of one-minute
// samples (120 points, the chunk a series closes every two hours) of five
// shapes — constant, whole percentages, full-precision doubles, a one-decimal
// percentage drifting like CPU or memory use, and a byte counter.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "storage/tsdb/gorilla_codec.h"

namespace steward::storage::tsdb {
namespace {

std::vector<Point> Series(int shape, int n) {
  std::mt19937_64 rng(42);
  std::vector<Point> out;
  double drift = 40.0;
  double free_bytes = 512e9;
  for (int i = 0; i < n; ++i) {
    int64_t ts = 1'795'000'000'000 + i * 60'000;
    double v = 0;
    switch (shape) {
      case 0:
        v = 42.0;
        break;
      case 1:
        v = static_cast<double>(rng() % 100);
        break;
      case 2:
        v = std::uniform_real_distribution<double>(0, 100)(rng);
        break;
      case 3:
        drift = std::clamp(drift + (static_cast<double>(rng() % 21) - 10) / 10.0, 0.0, 100.0);
        v = std::round(drift * 10) / 10;
        break;
      default:
        free_bytes -= static_cast<double>(rng() % 4096) * 4096;
        v = free_bytes;
        break;
    }
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
BENCHMARK(BM_Encode)->DenseRange(0, 4);

void BM_Decode(benchmark::State& state) {
  auto points = Series(static_cast<int>(state.range(0)), 120);
  ChunkEncoder enc;
  for (const Point& p : points) (void)enc.Append(p.ts_ms, p.value);
  std::string chunk = enc.Finish();
  for (auto _ : state) benchmark::DoNotOptimize(DecodeChunk(chunk));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(points.size()));
}
BENCHMARK(BM_Decode)->DenseRange(0, 4);

}  // namespace
}  // namespace steward::storage::tsdb

BENCHMARK_MAIN();
