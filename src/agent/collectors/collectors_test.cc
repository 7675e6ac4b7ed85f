// Collectors against a FakeSystem: rates from the previous reading, labels,
// the journald cursor and ClamAV offset across runs and restarts, and quiet
// absent sources.
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "agent/collectors/builtin_collectors.h"
#include "agent/collectors/precision.h"
#include "agent/collectors/proc_parsers.h"
#include "core/json.h"
#include "testing/agent_fixture.h"
#include "testing/fake_system.h"

namespace steward::agent {
namespace {

using platform::ProcessResult;
using testing::FakeSystem;

const Timestamp kNow = FromMillis(1795400100000);  // 2026-11-22T...Z, after the fixtures' entries

std::vector<CollectedSample> Named(const Collection& c, std::string_view metric) {
  std::vector<CollectedSample> out;
  for (const auto& s : c.samples) {
    if (s.metric == metric) out.push_back(s);
  }
  return out;
}

Collection CollectOnce(Collector& collector, Timestamp now = kNow) {
  Collection out;
  Status status = collector.Collect(now, out);
  EXPECT_TRUE(status.ok()) << collector.name() << ": " << status.ToString();
  return out;
}

class CollectorsTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeSystem> fake_ = std::make_shared<FakeSystem>();
  std::string state_dir_ = "/var/lib/steward-agent";
};

TEST_F(CollectorsTest, CpuPercentNeedsAPreviousReading) {
  auto cpu = MakeCpuCollector(fake_);
  fake_->SetFile("/proc/stat", Fixture("proc_stat_1.txt"));
  EXPECT_TRUE(CollectOnce(*cpu).samples.empty());
  fake_->SetFile("/proc/stat", Fixture("proc_stat_2.txt"));
  Collection second = CollectOnce(*cpu, kNow + std::chrono::seconds(60));
  auto used = Named(second, "cpu.used_percent");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_DOUBLE_EQ(used[0].value, 30.0);
  EXPECT_EQ(used[0].ts, kNow + std::chrono::seconds(60));
  auto iowait = Named(second, "cpu.iowait_percent");
  ASSERT_EQ(iowait.size(), 1u);
  EXPECT_DOUBLE_EQ(iowait[0].value, 10.0);
}

TEST_F(CollectorsTest, CpuReportsAnErrorWhenProcStatIsUnreadable) {
  auto cpu = MakeCpuCollector(fake_);
  Collection out;
  EXPECT_FALSE(cpu->Collect(kNow, out).ok());
}

TEST_F(CollectorsTest, MemoryUsedPercentFromMemAvailable) {
  fake_->SetFile("/proc/meminfo", Fixture("meminfo.txt"));
  Collection out = CollectOnce(*MakeMemoryCollector(fake_));
  auto used = Named(out, "memory.used_percent");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_NEAR(used[0].value, 100.0 * (24684112.0 - 19747290.0) / 24684112.0, 1e-9);
  ASSERT_EQ(Named(out, "swap.used_percent").size(), 1u);
  EXPECT_NEAR(Named(out, "swap.used_percent")[0].value, 25.0, 0.01);
}

TEST_F(CollectorsTest, VolumesWithMountLabelAndSystemMarker) {
  fake_->SetFile("/proc/self/mounts", Fixture("mounts.txt"));
  fake_->SetVolume("/", {100'000'000'000, 1'500'000'000});
  fake_->SetVolume("/boot/efi", {500'000'000, 400'000'000});
  fake_->SetVolume("/boot", {1'000'000'000, 600'000'000});
  fake_->SetVolume("/srv/data", {4'000'000'000'000, 200'000'000'000});
  fake_->SetVolume("/mnt/Backup Disk", {2'000'000'000'000, 1'000'000'000'000});
  // /home (NFS) does not answer statvfs: skipped, the others still reported.
  Collection out = CollectOnce(*MakeVolumeCollector(fake_));
  auto free_bytes = Named(out, "volume.free_bytes");
  auto free_percent = Named(out, "volume.free_percent");
  ASSERT_EQ(free_bytes.size(), 5u);
  ASSERT_EQ(free_percent.size(), 5u);
  EXPECT_EQ(free_bytes[0].labels.at("mount"), "/");
  EXPECT_EQ(free_bytes[0].labels.at("system"), "true");
  EXPECT_DOUBLE_EQ(free_bytes[0].value, 1.5e9);
  EXPECT_DOUBLE_EQ(free_percent[0].value, 1.5);
  EXPECT_EQ(free_percent[3].labels.at("mount"), "/srv/data");
  EXPECT_EQ(free_percent[3].labels.count("system"), 0u);
  EXPECT_DOUBLE_EQ(free_percent[3].value, 5.0);
  EXPECT_EQ(free_bytes[4].labels.at("mount"), "/mnt/Backup Disk");
}

TEST_F(CollectorsTest, ContainerBindMountedFilesAreNotVolumes) {
  fake_->SetFile("/proc/self/mounts", Fixture("mounts_container.txt"));
  fake_->SetFile("/etc/hosts", "127.0.0.1 localhost\n");
  fake_->SetVolume("/", {10'000'000'000, 5'000'000'000});
  fake_->SetVolume("/etc/hosts", {80'000'000'000, 40'000'000'000});
  auto free_bytes = Named(CollectOnce(*MakeVolumeCollector(fake_)), "volume.free_bytes");
  ASSERT_EQ(free_bytes.size(), 1u);
  EXPECT_EQ(free_bytes[0].labels.at("mount"), "/");
  EXPECT_EQ(free_bytes[0].labels.at("system"), "true");
}

TEST_F(CollectorsTest, LoadUptimeAndBootTime) {
  fake_->SetFile("/proc/loadavg", Fixture("loadavg.txt"));
  fake_->SetFile("/proc/uptime", Fixture("uptime.txt"));
  fake_->SetFile("/proc/stat", Fixture("proc_stat_1.txt"));
  Collection out = CollectOnce(*MakeUptimeLoadCollector(fake_));
  ASSERT_EQ(Named(out, "load.1m").size(), 1u);
  EXPECT_DOUBLE_EQ(Named(out, "load.1m")[0].value, 0.52);
  EXPECT_DOUBLE_EQ(Named(out, "load.15m")[0].value, 0.89);
  EXPECT_DOUBLE_EQ(Named(out, "system.uptime_seconds")[0].value, 8963.52);
  EXPECT_DOUBLE_EQ(Named(out, "system.boot_time")[0].value, 1795369038.0);
}

TEST_F(CollectorsTest, NetworkCountersAndRatesPerInterface) {
  auto net = MakeNetworkCollector(fake_);
  fake_->SetFile("/proc/net/dev", Fixture("net_dev.txt"));
  Collection first = CollectOnce(*net);
  EXPECT_EQ(Named(first, "net.rx_bytes").size(), 2u);  // lo is left out
  EXPECT_TRUE(Named(first, "net.rx_bytes_per_second").empty());

  std::string later = Fixture("net_dev.txt");
  later.replace(later.find("1234567890"), 10, "1234627890");  // +60000 rx on eth0
  later.replace(later.find("5000000"), 7, "4000000");         // wlp2s0 counter reset
  fake_->SetFile("/proc/net/dev", later);
  Collection second = CollectOnce(*net, kNow + std::chrono::seconds(60));
  auto rx_rate = Named(second, "net.rx_bytes_per_second");
  ASSERT_EQ(rx_rate.size(), 1u);
  EXPECT_EQ(rx_rate[0].labels.at("interface"), "eth0");
  EXPECT_DOUBLE_EQ(rx_rate[0].value, 1000.0);
  EXPECT_DOUBLE_EQ(Named(second, "net.tx_bytes_per_second")[0].value, 0.0);
}

// A journal that answers journalctl like the real one: --since=@S from that
// second, --after-cursor=C after that entry; garbage cursors are refused.
class FakeJournal {
 public:
  explicit FakeJournal(FakeSystem& fake) {
    fake.SetProgram("journalctl", [this](const std::vector<std::string>& argv) {
      ++runs;
      ProcessResult r;
      r.exit_code = 0;
      size_t start = 0;
      for (const auto& a : argv) {
        if (a.starts_with("--after-cursor=")) {
          std::string cursor = a.substr(15);
          size_t i = 0;
          while (i < entries.size() && entries[i]["__CURSOR"] != cursor) ++i;
          if (i == entries.size()) {
            r.exit_code = 1;
            r.stderr_text = "Failed to seek to cursor: Invalid argument";
            return Result<ProcessResult>(r);
          }
          start = i + 1;
        } else if (a.starts_with("--since=@")) {
          int64_t since_us = std::stoll(a.substr(9)) * 1000000;
          while (start < entries.size() &&
                 std::stoll(entries[start]["__REALTIME_TIMESTAMP"].get<std::string>()) < since_us) {
            ++start;
          }
        }
      }
      for (size_t i = start; i < entries.size(); ++i) r.stdout_text += entries[i].dump() + "\n";
      if (cut_after_bytes && r.stdout_text.size() > cut_after_bytes) {
        r.stdout_text.resize(cut_after_bytes);
        r.truncated = true;
        r.exit_code = -9;
      }
      return Result<ProcessResult>(r);
    });
  }

  void Add(int64_t time_ms, int priority, std::string message) {
    ++serial_;
    entries.push_back(Json{{"__CURSOR", "s=x;i=" + std::to_string(serial_)},
                           {"__REALTIME_TIMESTAMP", std::to_string(time_ms * 1000)},
                           {"PRIORITY", std::to_string(priority)},
                           {"SYSLOG_IDENTIFIER", "app"},
                           {"MESSAGE", std::move(message)}});
  }

  std::vector<Json> entries;
  size_t cut_after_bytes = 0;
  int runs = 0;

 private:
  int serial_ = 0;
};

std::vector<std::string> Messages(const Collection& c) {
  std::vector<std::string> out;
  for (const auto& s : Named(c, "event.log")) out.push_back(s.labels.at("message"));
  return out;
}

TEST_F(CollectorsTest, JournalMapsPriorityToSeverity) {
  FakeJournal journal(*fake_);
  auto collector = MakeJournalCollector(fake_, state_dir_);
  CollectOnce(*collector, kNow);
  journal.Add(ToMillis(kNow) + 1000, 3, "disk error");
  journal.Add(ToMillis(kNow) + 2000, 4, "low entropy");
  Collection out = CollectOnce(*collector, kNow + std::chrono::seconds(60));
  auto events = Named(out, "event.log");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].value, 3);
  EXPECT_EQ(events[0].labels.at("severity"), "critical");
  EXPECT_EQ(events[0].labels.at("source"), "app");
  EXPECT_EQ(events[0].ts, kNow + std::chrono::seconds(1));
  EXPECT_EQ(events[1].value, 4);
  EXPECT_EQ(events[1].labels.at("severity"), "warning");
}

TEST_F(CollectorsTest, JournalStartsAtFirstRunAndNeverRepeats) {
  FakeJournal journal(*fake_);
  journal.Add(ToMillis(kNow) - 3'600'000, 3, "old history");
  auto collector = MakeJournalCollector(fake_, state_dir_);
  EXPECT_TRUE(Messages(CollectOnce(*collector, kNow)).empty());

  journal.Add(ToMillis(kNow) + 5000, 3, "one");
  journal.Add(ToMillis(kNow) + 6000, 4, "two");
  EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(1))),
            (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(2))).empty());
  journal.Add(ToMillis(kNow) + 150'000, 2, "three");
  EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(3))),
            (std::vector<std::string>{"three"}));
}

TEST_F(CollectorsTest, JournalResumesAfterRestartWithoutGapOrDuplicate) {
  FakeJournal journal(*fake_);
  {
    auto collector = MakeJournalCollector(fake_, state_dir_);
    CollectOnce(*collector, kNow);
    journal.Add(ToMillis(kNow) + 1000, 3, "before restart");
    EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(1))),
              (std::vector<std::string>{"before restart"}));
  }
  // The agent is down while more is logged.
  journal.Add(ToMillis(kNow) + 120'000, 3, "while down");
  auto restarted = MakeJournalCollector(fake_, state_dir_);
  EXPECT_EQ(Messages(CollectOnce(*restarted, kNow + std::chrono::minutes(5))),
            (std::vector<std::string>{"while down"}));
  auto saved = ParseJsonStrict(*fake_->FileContents(state_dir_ + "/journal.json"));
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ((*saved)["cursor"], journal.entries.back()["__CURSOR"]);
}

TEST_F(CollectorsTest, JournalQuietUntilFirstEntryLeavesNoGapAcrossRestart) {
  FakeJournal journal(*fake_);
  { CollectOnce(*MakeJournalCollector(fake_, state_dir_), kNow); }  // no entries, no cursor yet
  journal.Add(ToMillis(kNow) + 10'000, 3, "first ever");
  auto restarted = MakeJournalCollector(fake_, state_dir_);
  // A later "now" must not move the start past the entry.
  EXPECT_EQ(Messages(CollectOnce(*restarted, kNow + std::chrono::hours(1))),
            (std::vector<std::string>{"first ever"}));
}

TEST_F(CollectorsTest, JournalCutOutputResumesAtThePartialLine) {
  FakeJournal journal(*fake_);
  auto collector = MakeJournalCollector(fake_, state_dir_);
  CollectOnce(*collector, kNow);
  for (int i = 0; i < 5; ++i) journal.Add(ToMillis(kNow) + 1000 + i, 3, "m" + std::to_string(i));
  size_t line = journal.entries[0].dump().size() + 1;
  journal.cut_after_bytes = 2 * line + line / 2;  // two whole lines and half of the third
  EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(1))),
            (std::vector<std::string>{"m0", "m1"}));
  journal.cut_after_bytes = 0;
  EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(2))),
            (std::vector<std::string>{"m2", "m3", "m4"}));
}

TEST_F(CollectorsTest, JournalStormIsSpreadOverRunsWithoutLoss) {
  FakeJournal journal(*fake_);
  auto collector = MakeJournalCollector(fake_, state_dir_);
  CollectOnce(*collector, kNow);
  for (int i = 0; i < 1200; ++i) journal.Add(ToMillis(kNow) + 1000 + i, 4, std::to_string(i));
  std::vector<std::string> all;
  for (int run = 1; run <= 3; ++run) {
    auto got = Messages(CollectOnce(*collector, kNow + std::chrono::minutes(run)));
    EXPECT_LE(got.size(), 500u);
    all.insert(all.end(), got.begin(), got.end());
  }
  ASSERT_EQ(all.size(), 1200u);
  for (int i = 0; i < 1200; ++i) {
    ASSERT_EQ(all[static_cast<size_t>(i)], std::to_string(i));
  }
}

TEST_F(CollectorsTest, JournalRefusedCursorRestartsFromNow) {
  FakeJournal journal(*fake_);
  ASSERT_TRUE(
      fake_->WriteFileAtomic(state_dir_ + "/journal.json", R"({"cursor":"s=gone;i=1"})").ok());
  auto collector = MakeJournalCollector(fake_, state_dir_);
  Collection out;
  EXPECT_FALSE(collector->Collect(kNow, out).ok());
  journal.Add(ToMillis(kNow) + 1000, 4, "after reset");
  EXPECT_EQ(Messages(CollectOnce(*collector, kNow + std::chrono::minutes(1))),
            (std::vector<std::string>{"after reset"}));
}

TEST_F(CollectorsTest, JournalAbsentIsQuiet) {
  Collection out = CollectOnce(*MakeJournalCollector(fake_, state_dir_));
  EXPECT_TRUE(out.samples.empty());
}

TEST_F(CollectorsTest, JournalFixtureLinesBecomeEvents) {
  fake_->SetProgramOutput("journalctl", Fixture("journal.jsonl"));
  Collection out = CollectOnce(*MakeJournalCollector(fake_, ""));
  auto events = Named(out, "event.log");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].labels.at("source"), "nginx.service");
  EXPECT_EQ(events[2].labels.at("message"), "Device: /dev/sda? FAILING");
  EXPECT_EQ(events[3].value, 0);
}

TEST_F(CollectorsTest, UnitStatesOfConfiguredUnits) {
  fake_->SetProgramOutput("systemctl", Fixture("systemctl_show.txt"));
  auto collector =
      MakeUnitCollector(fake_, {"nginx", "postgresql@15-main", "ssh.service", "nosuch"});
  Collection out = CollectOnce(*collector);
  auto states = Named(out, "service.state");
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(states[0].labels.at("unit"), "nginx");
  EXPECT_EQ(states[0].value, 0);
  EXPECT_EQ(states[0].labels.at("sub_state"), "running");
  EXPECT_EQ(states[1].value, 2);
  EXPECT_EQ(states[1].labels.at("active_state"), "failed");
  EXPECT_EQ(states[2].value, 1);
  EXPECT_EQ(states[3].value, 2);
  auto runs = fake_->Runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].back(), "nosuch");
}

TEST_F(CollectorsTest, UnitsQuietWithoutConfigOrSystemd) {
  EXPECT_TRUE(CollectOnce(*MakeUnitCollector(fake_, {})).samples.empty());
  EXPECT_TRUE(fake_->Runs().empty());
  EXPECT_TRUE(CollectOnce(*MakeUnitCollector(fake_, {"nginx"})).samples.empty());  // no systemctl
  fake_->SetProgramOutput("systemctl", "", 1,
                          "System has not been booted with systemd as init system (PID 1).");
  EXPECT_TRUE(CollectOnce(*MakeUnitCollector(fake_, {"nginx"})).samples.empty());
}

TEST_F(CollectorsTest, BackupResultReportedOnceAcrossRestarts) {
  std::string file = "/var/lib/backup/last-status.json";
  fake_->SetFile(file, R"({"success":true,"time":"2026-11-22T03:00:00Z","message":"ok 12 GB"})");
  {
    auto backup = MakeBackupCollector(fake_, file, "", state_dir_);
    Collection first = CollectOnce(*backup);
    auto success = Named(first, "backup.success");
    ASSERT_EQ(success.size(), 1u);
    EXPECT_EQ(success[0].value, 1);
    EXPECT_EQ(success[0].labels.at("message"), "ok 12 GB");
    ASSERT_EQ(Named(first, "backup.last_run").size(), 1u);
    EXPECT_DOUBLE_EQ(Named(first, "backup.last_run")[0].value, 1795316400.0);
    EXPECT_TRUE(CollectOnce(*backup, kNow + std::chrono::minutes(1)).samples.empty());
  }
  auto restarted = MakeBackupCollector(fake_, file, "", state_dir_);
  EXPECT_TRUE(CollectOnce(*restarted, kNow + std::chrono::minutes(2)).samples.empty());
  fake_->SetFile(file, R"({"success":false,"time":"2026-11-23T03:00:00Z","message":"disk full"})");
  auto failed = Named(CollectOnce(*restarted, kNow + std::chrono::hours(24)), "backup.success");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].value, 0);
}

TEST_F(CollectorsTest, BackupFileWithoutTimeUsesItsMtime) {
  std::string file = "/var/log/backup.status";
  fake_->SetFile(file, "result=failed\n", FromMillis(1795316400000));
  auto backup = MakeBackupCollector(fake_, file, "", state_dir_);
  auto out = CollectOnce(*backup);
  ASSERT_EQ(Named(out, "backup.success").size(), 1u);
  EXPECT_EQ(Named(out, "backup.success")[0].value, 0);
  EXPECT_DOUBLE_EQ(Named(out, "backup.last_run")[0].value, 1795316400.0);
  fake_->SetFile(file, "result=ok\n", FromMillis(1795402800000));  // next night's run
  EXPECT_EQ(Named(CollectOnce(*backup), "backup.success")[0].value, 1);
}

TEST_F(CollectorsTest, BackupCommandExitCodeDecidesWithoutParseableOutput) {
  fake_->SetProgramOutput("sh", "borg: repository locked\n", 2);
  auto backup = MakeBackupCollector(fake_, "", "/usr/local/bin/check-backup", state_dir_);
  auto success = Named(CollectOnce(*backup), "backup.success");
  ASSERT_EQ(success.size(), 1u);
  EXPECT_EQ(success[0].value, 0);
  EXPECT_EQ(success[0].labels.at("message"), "borg: repository locked");
  EXPECT_EQ(fake_->Runs()[0],
            (std::vector<std::string>{"sh", "-c", "/usr/local/bin/check-backup"}));
}

TEST_F(CollectorsTest, BackupQuietWhenUnconfiguredOrNotYetWritten) {
  EXPECT_TRUE(CollectOnce(*MakeBackupCollector(fake_, "", "", state_dir_)).samples.empty());
  EXPECT_TRUE(CollectOnce(*MakeBackupCollector(fake_, "/nope", "", state_dir_)).samples.empty());
}

TEST_F(CollectorsTest, ClamavSignatureAgeFromNewestDatabase) {
  fake_->SetFile("/var/lib/clamav/main.cvd", "x", kNow - std::chrono::hours(30));
  fake_->SetFile("/var/lib/clamav/daily.cld", "x", kNow - std::chrono::hours(5));
  fake_->SetFile("/var/lib/clamav/freshclam.dat", "x", kNow);  // not a signature file
  auto out = CollectOnce(*MakeClamavCollector(fake_, "/var/lib/clamav", "", state_dir_));
  auto age = Named(out, "av.signature_age_hours");
  ASSERT_EQ(age.size(), 1u);
  EXPECT_DOUBLE_EQ(age[0].value, 5.0);
}

TEST_F(CollectorsTest, ClamavDetectionsCountedOnceAcrossRunsRestartsAndRotation) {
  std::string log = "/var/log/clamav/clamav.log";
  fake_->SetFile(log, "Sun Nov 22 08:00:00 2026 -> /old: Old.Sig FOUND\n");
  auto clamav = MakeClamavCollector(fake_, "", log, state_dir_);
  auto first = Named(CollectOnce(*clamav), "av.detections");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].value, 0);  // history before the first run is not news

  fake_->AppendFile(log, Fixture("clamav.log"));
  fake_->AppendFile(log,
                    "Sun Nov 22 09:40:00 2026 -> /partial: Cut.Sig FO");  // still being written
  auto second = Named(CollectOnce(*clamav), "av.detections");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].value, 4);
  EXPECT_NE(second[0].labels.at("message").find("/srv/share/scan: Eicar-Signature"),
            std::string::npos);

  fake_->AppendFile(log, "UND\n");
  auto restarted = MakeClamavCollector(fake_, "", log, state_dir_);
  auto third = Named(CollectOnce(*restarted), "av.detections");
  EXPECT_EQ(third[0].value, 1);
  EXPECT_EQ(third[0].labels.at("message"), "/partial: Cut.Sig");

  // logrotate: one more line lands in the old file, then it moves to .1 and
  // a new log starts.
  fake_->AppendFile(log, "/a: Late.Sig FOUND\n");
  fake_->RenameFile(log, log + ".1");
  fake_->SetFile(log, "/b: New.Sig FOUND\n");
  auto fourth = Named(CollectOnce(*restarted), "av.detections");
  EXPECT_EQ(fourth[0].value, 2);
  EXPECT_EQ(Named(CollectOnce(*restarted), "av.detections")[0].value, 0);

  // copytruncate: the file shrinks in place.
  fake_->SetFile(log, "/c: T.Sig FOUND\n");  // shorter than the offset
  EXPECT_EQ(Named(CollectOnce(*restarted), "av.detections")[0].value, 1);
}

TEST_F(CollectorsTest, ClamavLogAppearingAfterTheFirstRunIsReadFromItsStart) {
  std::string log = "/var/log/clamav/clamav.log";
  auto clamav = MakeClamavCollector(fake_, "", log, state_dir_);
  EXPECT_TRUE(CollectOnce(*clamav).samples.empty());
  fake_->SetFile(log, "/home/x/eicar.com: Eicar-Signature FOUND\n");
  auto restarted = MakeClamavCollector(fake_, "", log, state_dir_);
  auto found = Named(CollectOnce(*restarted), "av.detections");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, 1);
}

TEST_F(CollectorsTest, ClamavAbsentIsQuiet) {
  auto out = CollectOnce(
      *MakeClamavCollector(fake_, "/var/lib/clamav", "/var/log/clamav/clamav.log", state_dir_));
  EXPECT_TRUE(out.samples.empty());
}

TEST_F(CollectorsTest, UpsStatusThroughNut) {
  fake_->SetProgramOutput("upsc", Fixture("upsc_online.txt"));
  auto ups = MakeUpsCollector(fake_, "ups@localhost");
  Collection ok = CollectOnce(*ups);
  ASSERT_EQ(Named(ok, "ups.status").size(), 1u);
  EXPECT_EQ(Named(ok, "ups.status")[0].value, 0);
  EXPECT_EQ(Named(ok, "ups.status")[0].labels.at("status"), "OL CHRG");
  EXPECT_EQ(Named(ok, "ups.status")[0].labels.at("ups"), "ups@localhost");
  EXPECT_DOUBLE_EQ(Named(ok, "ups.battery_charge_percent")[0].value, 100);
  EXPECT_DOUBLE_EQ(Named(ok, "ups.battery_runtime_seconds")[0].value, 2940);
  EXPECT_EQ(fake_->Runs()[0], (std::vector<std::string>{"upsc", "ups@localhost"}));

  fake_->SetProgramOutput("upsc", Fixture("upsc_low_battery.txt"));
  EXPECT_EQ(Named(CollectOnce(*ups), "ups.status")[0].value, 2);
  fake_->SetProgramOutput("upsc", "ups.status: OB DISCHRG\n");
  EXPECT_EQ(Named(CollectOnce(*ups), "ups.status")[0].value, 1);
}

TEST_F(CollectorsTest, UpsUnreadableIsAnErrorButAbsentIsQuiet) {
  EXPECT_TRUE(CollectOnce(*MakeUpsCollector(fake_, "")).samples.empty());
  EXPECT_TRUE(CollectOnce(*MakeUpsCollector(fake_, "ups@localhost")).samples.empty());  // no upsc
  fake_->SetProgramOutput("upsc", "", 1, "Error: Data stale");
  Collection out;
  Status status = MakeUpsCollector(fake_, "ups@localhost")->Collect(kNow, out);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("Data stale"), std::string::npos);
}

TEST_F(CollectorsTest, MakeCollectorsOnABareMachineReportsHostMetricsOnly) {
  fake_->SetFile("/proc/stat", Fixture("proc_stat_1.txt"));
  fake_->SetFile("/proc/meminfo", Fixture("meminfo.txt"));
  fake_->SetFile("/proc/self/mounts", Fixture("mounts_container.txt"));
  fake_->SetFile("/proc/loadavg", Fixture("loadavg.txt"));
  fake_->SetFile("/proc/uptime", Fixture("uptime.txt"));
  fake_->SetFile("/proc/net/dev", Fixture("net_dev.txt"));
  fake_->SetVolume("/", {10'000'000'000, 5'000'000'000});
  CollectorConfig config;
  config.state_dir = state_dir_;
  config.watched_units = {"nginx"};
  config.nut_ups = "ups@localhost";
  config.backup_status_file = "/var/lib/backup/status";
  auto collectors = MakeCollectors(config, fake_);
  std::set<std::string> names, metrics;
  for (auto& c : collectors) {
    EXPECT_TRUE(names.insert(std::string(c->name())).second) << c->name();
    for (const auto& s : CollectOnce(*c).samples) metrics.insert(s.metric);
  }
  EXPECT_EQ(names.size(), 10u);
  EXPECT_TRUE(metrics.count("memory.used_percent"));
  EXPECT_TRUE(metrics.count("volume.free_bytes"));
  EXPECT_TRUE(metrics.count("load.1m"));
  for (const auto& m : metrics) {
    EXPECT_FALSE(m.starts_with("ups.") || m.starts_with("av.") || m.starts_with("backup.") ||
                 m.starts_with("service.") || m.starts_with("event."))
        << m;
  }
}

TEST(ReportedValueTest, PercentagesToHundredthsEverythingElseAsIs) {
  EXPECT_EQ(ReportedValue("cpu.used_percent", 12.345678), 12.35);
  EXPECT_EQ(ReportedValue("volume.free_percent", 99.994), 99.99);
  EXPECT_EQ(ReportedValue("memory.used_percent", 50.0), 50.0);
  EXPECT_EQ(ReportedValue("volume.free_bytes", 1234567.891), 1234567.891);
  EXPECT_EQ(ReportedValue("load.1m", 0.123456), 0.123456);
  EXPECT_TRUE(std::isnan(ReportedValue("cpu.used_percent", std::nan(""))));
}

}  // namespace
}  // namespace steward::agent
