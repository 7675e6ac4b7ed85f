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
// numbers acknowledged after commit (devices file: "device_id credential").
#include <atomic>
#include <chrono>
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

#include "fleet/metric_mix.h"
#include "net/client.h"
#include "proto/agent_frames.h"
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
  std::string devices_file;
  std::string transport = "http";
  int connections = 4;
  double interval_s = 60;
  double duration_s = 60;
  double deciding_share = 0.01;  // share of batches with a system volume below 2 GB
  int server_pid = 0;
};

struct ThreadResult {
  LatencyRecorder ack, alert;
  int64_t samples = 0, batches = 0, errors = 0, deciding = 0;
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
                   ThreadResult& result) {
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

struct ChannelAgent {
  int64_t device = 0;
  std::string credential;
  net::WsClient ws;
  int64_t seq = 0;
  std::unique_ptr<MetricMix> mix;
  int64_t last_ts = 0;
};

// Waits for the frame answering `want` (an ack or nack of that seq, or the
// welcome when want == 0). False on a lost connection or timeout.
bool AwaitReply(ChannelAgent& a, int64_t want, bool& acked, int64_t& last_seq) {
  auto until = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < until) {
    auto got = a.ws.Poll(std::chrono::milliseconds(100));
    if (!got.ok()) return false;
    for (const std::string& text : *got) {
      auto frame = proto::ParseServerFrame(text);
      if (!frame.ok()) continue;
      if (auto* w = std::get_if<proto::WelcomeFrame>(&*frame); w && want == 0) {
        last_seq = w->last_seq;
        return true;
      }
      if (auto* ack = std::get_if<proto::AckFrame>(&*frame); ack && ack->seq == want) {
        acked = true;
        return true;
      }
      if (auto* nack = std::get_if<proto::NackFrame>(&*frame); nack && nack->seq == want) {
        acked = false;
        if (nack->message.size()) std::cerr << "nack: " << nack->message << "\n";
        return true;
      }
    }
  }
  return false;
}

void RunChannelConnection(const Options& o, std::vector<std::pair<int64_t, std::string>> agents,
                          Clock::time_point end, ThreadResult& result) {
  net::ServerUrl server{false, o.host, static_cast<uint16_t>(std::stoi(o.port))};
  std::vector<std::unique_ptr<ChannelAgent>> fleet;
  for (auto& [device, credential] : agents) {
    auto a = std::make_unique<ChannelAgent>();
    a->device = device;
    a->credential = credential;
    a->mix = std::make_unique<MetricMix>(device, static_cast<uint64_t>(device));
    Status s = a->ws.Connect(server, {}, std::string(proto::kAgentChannelPath),
                             {{"Authorization", "Bearer " + credential}}, std::chrono::seconds(10));
    bool acked = false;
    if (!s.ok()) {
      std::cerr << "connect: " << s.message() << "\n";
      ++result.errors;
      continue;
    }
    a->ws.Send(proto::EncodeHello({"fleet"}));
    if (!AwaitReply(*a, 0, acked, a->seq)) {
      ++result.errors;
      continue;
    }
    fleet.push_back(std::move(a));
  }
  if (fleet.empty()) return;
  std::vector<Clock::time_point> due(fleet.size(), Clock::now());
  for (size_t i = 0; i < fleet.size(); ++i) {
    due[i] += std::chrono::microseconds(
        static_cast<int64_t>(o.interval_s * 1e6 * static_cast<double>(i) / fleet.size()));
  }
  auto interval = std::chrono::microseconds(static_cast<int64_t>(o.interval_s * 1e6));
  std::mt19937_64 rng(static_cast<uint64_t>(fleet[0]->device));
  std::string frame;
  while (Clock::now() < end) {
    size_t next = 0;
    for (size_t i = 1; i < due.size(); ++i) {
      if (due[i] < due[next]) next = i;
    }
    if (due[next] > Clock::now()) std::this_thread::sleep_until(std::min(due[next], end));
    if (Clock::now() >= end) break;
    ChannelAgent& a = *fleet[next];
    int64_t ts = std::max<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count(),
                                   a.last_ts + 1);
    a.last_ts = ts;
    bool deciding = std::uniform_real_distribution<>(0, 1)(rng) < o.deciding_share;
    int64_t seq = ++a.seq;
    frame.assign("{\"type\":\"batch\",\"seq\":" + std::to_string(seq) + ",\"samples\":[");
    int n = a.mix->AppendChannelSamples(ts, deciding, frame);
    frame.append("]}");
    auto start = Clock::now();
    a.ws.Send(frame);
    bool acked = false;
    int64_t ignored = 0;
    bool answered = AwaitReply(a, seq, acked, ignored);
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    if (!answered || !acked) {
      ++result.errors;
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
  for (auto& a : fleet) a->ws.Close();
}
}  // namespace
}  // namespace steward::bench

int main(int argc, char** argv) {
  using namespace steward::bench;
  Options o;
  CLI::App app{"steward_fleet: simulated agents against a real server"};
  app.add_option("--host", o.host);
  app.add_option("--port", o.port)->required();
  app.add_option("--token", o.token, "API token (bearer)")->required();
  app.add_option("--devices-file", o.devices_file,
                 "one device id per line (ws: \"device_id credential\")")
      ->required();
  app.add_option("--transport", o.transport, "http (ingest API) or ws (agent channel)")
      ->check(CLI::IsMember({"http", "ws"}));
  app.add_option("--connections", o.connections)->check(CLI::Range(1, 512));
  app.add_option("--interval", o.interval_s, "seconds between an agent's batches (0: saturate)");
  app.add_option("--duration", o.duration_s, "seconds to run")->check(CLI::Range(1.0, 86400.0));
  app.add_option("--deciding-share", o.deciding_share)->check(CLI::Range(0.0, 1.0));
  app.add_option("--server-pid", o.server_pid, "measure this process's CPU and memory");
  CLI11_PARSE(app, argc, argv);

  std::vector<int64_t> devices;
  std::vector<std::string> credentials;
  std::ifstream in(o.devices_file);
  for (int64_t id; in >> id;) {
    devices.push_back(id);
    std::string credential;
    if (o.transport == "ws") in >> credential;
    credentials.push_back(credential);
  }
  if (devices.empty()) {
    std::cerr << "no devices in " << o.devices_file << "\n";
    return 2;
  }
  int conns = std::min<int>(o.connections, static_cast<int>(devices.size()));
  std::vector<std::vector<int64_t>> shares(static_cast<size_t>(conns));
  std::vector<std::vector<std::pair<int64_t, std::string>>> agent_shares(shares.size());
  for (size_t i = 0; i < devices.size(); ++i) {
    shares[i % shares.size()].push_back(devices[i]);
    agent_shares[i % shares.size()].emplace_back(devices[i], credentials[i]);
  }

  auto before = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;
  auto start = Clock::now();
  auto end = start + std::chrono::milliseconds(static_cast<int64_t>(o.duration_s * 1000));
  std::vector<ThreadResult> results(shares.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < shares.size(); ++t) {
    threads.emplace_back([&, t] {
      try {
        if (o.transport == "ws") {
          RunChannelConnection(o, agent_shares[t], end, results[t]);
        } else {
          RunConnection(o, shares[t], end, results[t]);
        }
      } catch (const std::exception& e) {
        std::cerr << "connection " << t << ": " << e.what() << "\n";
        ++results[t].errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto after = o.server_pid ? ReadProcessStats(o.server_pid) : std::nullopt;

  ThreadResult total;
  for (auto& r : results) {
    total.ack.Merge(r.ack);
    total.alert.Merge(r.alert);
    total.samples += r.samples;
    total.batches += r.batches;
    total.errors += r.errors;
    total.deciding += r.deciding;
  }
  nlohmann::json out = {
      {"agents", devices.size()},
      {"transport", o.transport},
      {"connections", conns},
      {"interval_s", o.interval_s},
      {"duration_s", elapsed},
      {"samples", total.samples},
      {"batches", total.batches},
      {"samples_per_s", static_cast<double>(total.samples) / elapsed},
      {"ack_p50_ms", total.ack.Percentile(0.5) / 1000.0},
      {"ack_p99_ms", total.ack.Percentile(0.99) / 1000.0},
      {"alert_batches", total.deciding},
      {"alert_p50_ms", total.alert.Percentile(0.5) / 1000.0},
      {"alert_p99_ms", total.alert.Percentile(0.99) / 1000.0},
      {"errors", total.errors},
  };
  if (before && after) {
    double cpu = after->cpu_seconds - before->cpu_seconds;
    out["server_cpu_s"] = cpu;
    out["server_cpu_share_of_2_cores"] = cpu / elapsed / 2;
    out["cpu_us_per_sample"] = total.samples ? cpu * 1e6 / static_cast<double>(total.samples) : 0;
    out["server_rss_mb"] = static_cast<double>(after->peak_rss_bytes) / (1 << 20);
  }
  std::cout << out.dump() << std::endl;
  return total.errors ? 1 : 0;
}
