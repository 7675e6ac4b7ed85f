// steward_fleet: N simulated agents pushing the metric mix to a real server
// over real sockets, for bench/run. Each connection thread owns a share of
// the agents; an agent sends one batch per interval (interval 0: as fast as
// the server acknowledges — the saturating run). Prints one JSON object:
// accepted samples/s, acknowledgement latency p50/p99, sample-to-alert
// latency (the acknowledgement of batches carrying a deciding sample: alert
// evaluation is synchronous, so the ack means the alert is durable), errors,
// and the server's CPU and peak RSS over the run (from /proc, --server-pid).
//
// Transports: --transport http, the ingest API with keep-alive (devices file:
// one device id per line); --transport ws, the agent channel — one WebSocket
// per simulated agent with its own credential, batches with sequence
// numbers acknowledged after commit (devices file: "device_id credential"),
// all agents asynchronous on one io_context per --connections thread, so one
// file descriptor per agent (fleet/ws_fleet.h). A fleet larger than one
// process's RLIMIT_NOFILE is split by bench/run: --shard K/N takes every N-th
// agent, --result-file keeps the raw latency recorders and --merge joins the
// parts into one report.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "fleet/fleet_counts.h"
#include "fleet/fleet_report.h"
#include "fleet/metric_mix.h"
#include "fleet/ws_fleet.h"
#include "support/process_stats.h"

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace steward::bench {
namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string token;
  std::string devices_file;
  std::string transport = "http";
  int connections = 4;
  double interval_s = 60;
  double duration_s = 60;
  double deciding_share = 0.01;  // share of batches with a system volume below 2 GB
  int server_pid = 0;
  std::string shard = "0/1";  // K/N: this process runs agents K, K+N, K+2N, ...
  int max_handshakes = 256;   // channels being opened at once by this process
  std::string result_file;    // also write the report with raw latency recorders here
  std::vector<std::string> merge;
};

std::string IsoNow(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

void RunConnection(const Options& o, std::vector<int64_t> devices, Clock::time_point end,
                   FleetCounts& result) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(o.host, o.port);
  stream.connect(endpoints);
  std::vector<MetricMix> mixes;
  std::vector<Clock::time_point> due(devices.size(), Clock::now());
  std::vector<std::chrono::system_clock::time_point> last_ts(devices.size());
  std::mt19937_64 rng(devices.empty() ? 1 : static_cast<uint64_t>(devices[0]));
  for (size_t i = 0; i < devices.size(); ++i) {
    mixes.emplace_back(devices[i], static_cast<uint64_t>(devices[i]));
    // Spread the agents over the interval like a real fleet.
    due[i] += std::chrono::microseconds(
        static_cast<int64_t>(o.interval_s * 1e6 * static_cast<double>(i) / devices.size()));
  }
  auto interval = std::chrono::microseconds(static_cast<int64_t>(o.interval_s * 1e6));
  beast::flat_buffer buffer;
  std::string body;
  while (Clock::now() < end) {
    // The next agent due on this connection.
    size_t next = 0;
    for (size_t i = 1; i < due.size(); ++i) {
      if (due[i] < due[next]) next = i;
    }
    if (due.empty()) return;
    if (due[next] > Clock::now()) std::this_thread::sleep_until(std::min(due[next], end));
    if (Clock::now() >= end) break;
    auto ts =
        std::max(std::chrono::system_clock::now(), last_ts[next] + std::chrono::milliseconds(1));
    last_ts[next] = ts;
    bool deciding = std::uniform_real_distribution<>(0, 1)(rng) < o.deciding_share;
    body.assign("{\"samples\":[");
    int n = mixes[next].AppendSamples(IsoNow(ts), deciding, body);
    body.append("]}");
    http::request<http::string_body> req{http::verb::post, "/api/v1/ingest", 11};
    req.set(http::field::host, o.host);
    req.set(http::field::authorization, "Bearer " + o.token);
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    auto start = Clock::now();
    beast::error_code ec;
    http::write(stream, req, ec);
    http::response<http::string_body> res;
    if (!ec) http::read(stream, buffer, res, ec);
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    if (ec) {
      ++result.errors;
      stream.close();
      stream.connect(endpoints, ec);
    } else if (res.result_int() != 202) {
      ++result.errors;
      if (result.errors <= 3)
        std::cerr << "ingest: " << res.result_int() << " " << res.body() << "\n";
    } else {
      result.samples += n;
      ++result.batches;
      result.ack.Record(micros);
      if (deciding) {
        result.alert.Record(micros);
        ++result.deciding;
      }
    }
    due[next] = o.interval_s > 0 ? due[next] + interval : Clock::now();
  }
}

// Every agent needs a socket: lift the soft limit on open files to the hard one.
void RaiseFileLimit(size_t agents) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  constexpr size_t kMargin = 100;  // stdio, the devices file, 3 per io_context
  if (lim.rlim_cur != RLIM_INFINITY && agents + kMargin > lim.rlim_cur) {
    std::cerr << "steward_fleet: " << agents << " agents need more than the " << lim.rlim_cur
              << " open files this process may have; split the fleet with --shard\n";
  }
}

int MergeParts(const std::vector<std::string>& files) {
  std::vector<nlohmann::json> parts;
  for (const auto& f : files) {
    std::ifstream in(f);
    auto part = nlohmann::json::parse(in, nullptr, false);
    if (part.is_discarded()) {
      std::cerr << "steward_fleet: " << f << " holds no report\n";
      return 2;
    }
    parts.push_back(std::move(part));
  }
  std::string error;
  auto merged = MergeReports(parts, error);
  if (!merged) {
    std::cerr << "steward_fleet: cannot merge: " << error << "\n";
    return 2;
  }
  std::cout << merged->dump() << std::endl;
  return merged->at("errors").get<int64_t>() ? 1 : 0;
}

}  // namespace
}  // namespace steward::bench

int main(int argc, char** argv) {
  using namespace steward::bench;
  Options o;
  CLI::App app{"steward_fleet: simulated agents against a real server"};
  app.add_option("--host", o.host);
  app.add_option("--port", o.port);
  app.add_option("--token", o.token, "API token (bearer)");
  app.add_option("--devices-file", o.devices_file,
                 "one device id per line (ws: \"device_id credential\")");
  app.add_option("--transport", o.transport, "http (ingest API) or ws (agent channel)")
      ->check(CLI::IsMember({"http", "ws"}));
  app.add_option("--connections", o.connections, "threads (http: one connection each)")
      ->check(CLI::Range(1, 512));
  app.add_option("--interval", o.interval_s, "seconds between an agent's batches (0: saturate)");
  app.add_option("--duration", o.duration_s, "seconds to run")->check(CLI::Range(1.0, 86400.0));
  app.add_option("--deciding-share", o.deciding_share)->check(CLI::Range(0.0, 1.0));
  app.add_option("--server-pid", o.server_pid, "measure this process's CPU and memory");
  app.add_option("--shard", o.shard,
                 "K/N: run every N-th agent of the file from the K-th (0-based)");
  app.add_option("--max-handshakes", o.max_handshakes, "ws: channels opened at once")
      ->check(CLI::Range(1, 100000));
  app.add_option("--result-file", o.result_file,
                 "also write the report with raw latency recorders (for --merge)");
  app.add_option("--merge", o.merge, "print one report from these --result-file files and exit");
  CLI11_PARSE(app, argc, argv);
  if (!o.merge.empty()) return MergeParts(o.merge);
  if (o.port.empty() || o.token.empty() || o.devices_file.empty()) {
    std::cerr << "steward_fleet: --port, --token and --devices-file are required\n";
    return 2;
  }
  int shard_k = 0, shard_n = 1;
  char slash = 0;
  if (std::sscanf(o.shard.c_str(), "%d%c%d", &shard_k, &slash, &shard_n) != 3 || slash != '/' ||
      shard_n < 1 || shard_k < 0 || shard_k >= shard_n) {
    std::cerr << "steward_fleet: --shard wants K/N with 0 <= K < N\n";
    return 2;
  }

  // This process's agents: every shard_n-th line from shard_k. `phase` keeps
  // the place in the whole fleet so the shards together spread evenly.
  std::vector<int64_t> devices;
  std::vector<WsAgentSpec> agents;
  std::ifstream in(o.devices_file);
  size_t line = 0;
  std::vector<size_t> lines;
  for (int64_t id; in >> id; ++line) {
    std::string credential;
    if (o.transport == "ws") in >> credential;
    if (line % static_cast<size_t>(shard_n) != static_cast<size_t>(shard_k)) continue;
    devices.push_back(id);
    agents.push_back({id, credential, 0});
    lines.push_back(line);
  }
  for (size_t i = 0; i < agents.size(); ++i) {
    agents[i].phase = static_cast<double>(lines[i]) / static_cast<double>(line);
  }
  if (devices.empty()) {
    std::cerr << "no devices in " << o.devices_file << " for shard " << o.shard << "\n";
    return 2;
  }
  if (o.transport == "ws") RaiseFileLimit(devices.size());
  int conns = std::min<int>(o.connections, static_cast<int>(devices.size()));

  auto before = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;
  auto start = Clock::now();
  auto end = start + std::chrono::milliseconds(static_cast<int64_t>(o.duration_s * 1000));
  FleetCounts total;
  double elapsed = 0;
  std::optional<ProcessStats> after;
  if (o.transport == "ws") {
    WsTarget target;
    try {
      boost::asio::io_context ioc;
      target.endpoint = *tcp::resolver(ioc).resolve(o.host, o.port).begin();
    } catch (const std::exception& e) {
      std::cerr << "resolve " << o.host << ": " << e.what() << "\n";
      return 2;
    }
    target.host = o.host + ":" + o.port;
    WsFleet fleet(target, {o.interval_s, o.deciding_share, o.max_handshakes}, std::move(agents),
                  conns);
    fleet.Start(end);
    fleet.WaitFinished();
    // Measured before the channels close, as the blocking simulator did.
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    after = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;
    total = fleet.CloseAndCollect();
  } else {
    std::vector<std::vector<int64_t>> shares(static_cast<size_t>(conns));
    for (size_t i = 0; i < devices.size(); ++i) shares[i % shares.size()].push_back(devices[i]);
    std::vector<FleetCounts> results(shares.size());
    std::vector<std::thread> threads;
    for (size_t t = 0; t < shares.size(); ++t) {
      threads.emplace_back([&, t] {
        try {
          RunConnection(o, shares[t], end, results[t]);
        } catch (const std::exception& e) {
          std::cerr << "connection " << t << ": " << e.what() << "\n";
          ++results[t].errors;
        }
      });
    }
    for (auto& th : threads) th.join();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    after = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;
    for (auto& r : results) total.Merge(r);
  }

  RunShape shape{static_cast<int64_t>(devices.size()), o.transport, conns, o.interval_s, elapsed};
  std::optional<ServerUse> server;
  if (before && after) {
    server = ServerUse{after->cpu_seconds - before->cpu_seconds,
                       static_cast<double>(after->peak_rss_bytes) / (1 << 20)};
  }
  if (!o.result_file.empty()) {
    std::ofstream(o.result_file) << FleetPart(shape, total, server).dump() << "\n";
  }
  std::cout << FleetReport(shape, total, server).dump() << std::endl;
  return total.errors ? 1 : 0;
}
