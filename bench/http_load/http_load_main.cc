// steward_http_load: an open-loop HTTP GET load at a fixed rate, for
// bench/queue_run (issue 6's "technician queue p99 at 200 requests/s").
// Each connection thread owns rate/connections of the requests, sent on a
// fixed schedule; latency is measured from the time a request was *due*,
// not from when it was sent, so a server that falls behind shows it in the
// percentiles instead of silently slowing the load (coordinated omission).
// Prints one JSON object: requests, achieved rate, latency p50/p99/max,
// errors and the server's CPU share over the run (--server-pid).
#include <chrono>
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

#include "support/latency_recorder.h"
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
  std::vector<std::string> targets;
  double rate = 200;
  double duration_s = 60;
  int connections = 4;
  int server_pid = 0;
};

struct ThreadResult {
  LatencyRecorder latency;
  int64_t requests = 0, errors = 0;
};

void RunConnection(const Options& o, int index, Clock::time_point start, Clock::time_point end,
                   ThreadResult& result) {
  boost::asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(o.host, o.port);
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(endpoints, ec);
  beast::flat_buffer buffer;
  auto period = std::chrono::duration<double>(o.connections / o.rate);
  // Connections start staggered so their requests interleave evenly.
  auto due = start + std::chrono::duration_cast<Clock::duration>(period * index / o.connections);
  for (int64_t n = 0; due < end; ++n) {
    std::this_thread::sleep_until(due);
    const std::string& target = o.targets[static_cast<size_t>(n + index) % o.targets.size()];
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, o.host);
    req.set(http::field::authorization, "Bearer " + o.token);
    req.keep_alive(true);
    http::response<http::string_body> res;
    if (!ec) http::write(stream, req, ec);
    if (!ec) http::read(stream, buffer, res, ec);
    ++result.requests;
    if (ec || res.result_int() != 200) {
      ++result.errors;
      if (result.errors <= 3) {
        std::cerr << "GET " << target << ": "
                  << (ec ? ec.message() : std::to_string(res.result_int()) + " " + res.body())
                  << "\n";
      }
      stream.close();
      ec = {};
      stream.connect(endpoints, ec);
    } else {
      result.latency.Record(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due).count());
    }
    due += std::chrono::duration_cast<Clock::duration>(period);
  }
}

int Main(int argc, char** argv) {
  Options o;
  CLI::App app{"Open-loop HTTP GET load against a Steward server"};
  app.add_option("--host", o.host);
  app.add_option("--port", o.port)->required();
  app.add_option("--token", o.token)->required();
  app.add_option("--target", o.targets, "request targets, used in turn")->required();
  app.add_option("--rate", o.rate, "requests per second")->check(CLI::PositiveNumber);
  app.add_option("--duration", o.duration_s)->check(CLI::PositiveNumber);
  app.add_option("--connections", o.connections)->check(CLI::Range(1, 256));
  app.add_option("--server-pid", o.server_pid);
  CLI11_PARSE(app, argc, argv);

  auto before = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;
  auto start = Clock::now() + std::chrono::milliseconds(100);
  auto end = start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(o.duration_s));
  std::vector<ThreadResult> results(static_cast<size_t>(o.connections));
  std::vector<std::thread> threads;
  for (int i = 0; i < o.connections; ++i) {
    threads.emplace_back(RunConnection, std::cref(o), i, start, end,
                         std::ref(results[static_cast<size_t>(i)]));
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto after = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;

  ThreadResult total;
  for (const auto& r : results) {
    total.latency.Merge(r.latency);
    total.requests += r.requests;
    total.errors += r.errors;
  }
  nlohmann::json out = {
      {"requests", total.requests},
      {"rate_per_s", static_cast<double>(total.requests) / elapsed},
      {"p50_ms", total.latency.Percentile(0.50) / 1000.0},
      {"p99_ms", total.latency.Percentile(0.99) / 1000.0},
      {"max_ms", total.latency.max() / 1000.0},
      {"errors", total.errors},
  };
  if (before && after) {
    out["server_cpu_share_of_2_cores"] = (after->cpu_seconds - before->cpu_seconds) / elapsed / 2;
    out["server_rss_mb"] = static_cast<double>(after->peak_rss_bytes) / (1024 * 1024);
  }
  std::cout << out.dump() << std::endl;
  return total.errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace steward::bench

int main(int argc, char** argv) { return steward::bench::Main(argc, argv); }
