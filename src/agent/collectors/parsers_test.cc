// Every pure parser against fixture text taken from real machines.
#include <gtest/gtest.h>

#include "agent/collectors/mounts.h"
#include "agent/collectors/os_release.h"
#include "agent/collectors/packages.h"
#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/source_parsers.h"
#include "testing/agent_fixture.h"

namespace steward::agent {
namespace {

TEST(ProcStatTest, ParsesAggregateCpuAndBootTime) {
  auto stat = ParseProcStat(Fixture("proc_stat_1.txt"));
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->cpu.busy, 132593u + 74133u + 24368u + 226u + 75u);
  EXPECT_EQ(stat->cpu.idle, 1556806u + 2049u);
  EXPECT_EQ(stat->cpu.iowait, 2049u);
  ASSERT_TRUE(stat->boot_time_seconds.has_value());
  EXPECT_EQ(*stat->boot_time_seconds, 1795369038);
}

TEST(ProcStatTest, CpuPercentFromTwoReadings) {
  auto a = ParseProcStat(Fixture("proc_stat_1.txt"));
  auto b = ParseProcStat(Fixture("proc_stat_2.txt"));
  ASSERT_TRUE(a.ok() && b.ok());
  auto used = CpuUsedPercent(a->cpu, b->cpu);
  ASSERT_TRUE(used.has_value());
  EXPECT_DOUBLE_EQ(*used, 30.0);
  EXPECT_FALSE(CpuUsedPercent(a->cpu, a->cpu).has_value());  // no time passed
  EXPECT_FALSE(CpuUsedPercent(b->cpu, a->cpu).has_value());  // counters went back
}

TEST(ProcStatTest, RejectsTextWithoutCpuLine) {
  EXPECT_FALSE(ParseProcStat("intr 1 2 3\nbtime 5\n").ok());
  EXPECT_FALSE(ParseProcStat("cpu 1 2 x 4 5\n").ok());
  EXPECT_FALSE(ParseProcStat("").ok());
}

TEST(MeminfoTest, UsesMemAvailable) {
  auto mem = ParseMeminfo(Fixture("meminfo.txt"));
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ(mem->total_bytes, 24684112ull * 1024);
  EXPECT_EQ(mem->available_bytes, 19747290ull * 1024);
  EXPECT_EQ(mem->swap_total_bytes, 2097148ull * 1024);
  EXPECT_EQ(mem->swap_free_bytes, 1572861ull * 1024);
}

TEST(MeminfoTest, OldKernelsFallBackToFreePlusCaches) {
  auto mem = ParseMeminfo(Fixture("meminfo_no_available.txt"));
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ(mem->available_bytes, 2000000ull * 1024);
  EXPECT_FALSE(ParseMeminfo("MemFree: 10 kB\n").ok());
}

TEST(LoadUptimeTest, ParsesLoadavgAndUptime) {
  auto load = ParseLoadavg(Fixture("loadavg.txt"));
  ASSERT_TRUE(load.ok());
  EXPECT_DOUBLE_EQ(load->one, 0.52);
  EXPECT_DOUBLE_EQ(load->five, 0.46);
  EXPECT_DOUBLE_EQ(load->fifteen, 0.89);
  auto up = ParseUptime(Fixture("uptime.txt"));
  ASSERT_TRUE(up.ok());
  EXPECT_DOUBLE_EQ(*up, 8963.52);
  EXPECT_FALSE(ParseLoadavg("0.1 x").ok());
  EXPECT_FALSE(ParseUptime("-5 1").ok());
}

TEST(NetDevTest, ParsesInterfaces) {
  auto dev = ParseNetDev(Fixture("net_dev.txt"));
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  ASSERT_EQ(dev->size(), 3u);
  EXPECT_EQ(dev->at("eth0").rx_bytes, 1234567890u);
  EXPECT_EQ(dev->at("eth0").tx_bytes, 987654321u);
  EXPECT_EQ(dev->at("wlp2s0").rx_bytes, 5000000u);
  EXPECT_FALSE(ParseNetDev("eth0: 1 2 3\n").ok());
}

TEST(CpuinfoTest, ModelAndLogicalCores) {
  CpuInfo cpu = ParseCpuinfo(Fixture("cpuinfo.txt"));
  EXPECT_EQ(cpu.model, "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz");
  EXPECT_EQ(cpu.logical_cores, 2);
  CpuInfo arm = ParseCpuinfo("processor\t: 0\nHardware\t: BCM2835\n");
  EXPECT_EQ(arm.model, "BCM2835");
}

TEST(MountsTest, ParsesAndDecodesOctalEscapes) {
  auto mounts = ParseMounts(Fixture("mounts.txt"));
  ASSERT_EQ(mounts.size(), 18u);
  EXPECT_EQ(mounts[5].device, "/dev/mapper/vg0-root");
  EXPECT_EQ(mounts[5].mount_point, "/");
  EXPECT_EQ(mounts[5].fs_type, "ext4");
  EXPECT_EQ(mounts[13].mount_point, "/mnt/Backup Disk");
}

TEST(MountsTest, SelectsRealVolumesOncePerDevice) {
  auto volumes = SelectVolumes(ParseMounts(Fixture("mounts.txt")));
  std::vector<std::string> points;
  for (const auto& v : volumes) points.push_back(v.mount_point);
  EXPECT_EQ(points, (std::vector<std::string>{"/", "/boot/efi", "/boot", "/srv/data",
                                              "/mnt/Backup Disk", "/home"}));
}

TEST(MountsTest, ContainerKeepsOverlayRootAndDropsBindMounts) {
  auto volumes = SelectVolumes(ParseMounts(Fixture("mounts_container.txt")));
  std::vector<std::string> points;
  for (const auto& v : volumes) points.push_back(v.mount_point);
  EXPECT_EQ(points, (std::vector<std::string>{"/", "/etc/hosts"}));
}

TEST(MountsTest, PseudoFilesystems) {
  EXPECT_TRUE(IsPseudoFilesystem("proc"));
  EXPECT_TRUE(IsPseudoFilesystem("tmpfs"));
  EXPECT_TRUE(IsPseudoFilesystem("squashfs"));
  EXPECT_FALSE(IsPseudoFilesystem("ext4"));
  EXPECT_FALSE(IsPseudoFilesystem("nfs4"));
}

TEST(OsReleaseTest, ParsesQuotedAndBareValues) {
  auto os = ParseOsRelease(Fixture("os_release.txt"));
  EXPECT_EQ(os["PRETTY_NAME"], "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os["ID"], "debian");
  EXPECT_EQ(os["VERSION_ID"], "12");
  EXPECT_EQ(os["VERSION_CODENAME"], "bookworm");
  auto esc = ParseOsRelease("# comment\nNAME=\"A \\\"quoted\\\" name\"\nX='single'\n");
  EXPECT_EQ(esc["NAME"], "A \"quoted\" name");
  EXPECT_EQ(esc["X"], "single");
}

TEST(JournalLineTest, ParsesEntries) {
  std::string text = Fixture("journal.jsonl");
  auto lines = SplitLines(text);
  ASSERT_EQ(lines.size(), 4u);
  auto first = ParseJournalLine(lines[0]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->cursor, "s=abc;i=1001;b=f00;m=1;t=5f1;x=1");
  EXPECT_EQ(first->priority, 3);
  EXPECT_EQ(ToMillis(first->time), 1795400000123);
  EXPECT_EQ(first->unit, "nginx.service");
  EXPECT_EQ(first->identifier, "nginx");
  EXPECT_EQ(first->message,
            "connect() failed (111: Connection refused) while connecting to upstream");
}

TEST(JournalLineTest, BinaryMessagesAndControlCharactersAreSanitised) {
  std::string text = Fixture("journal.jsonl");
  auto lines = SplitLines(text);
  auto binary = ParseJournalLine(lines[2]);
  ASSERT_TRUE(binary.ok());
  EXPECT_EQ(binary->message, "Device: /dev/sda? FAILING");
  auto multiline = ParseJournalLine(lines[3]);
  ASSERT_TRUE(multiline.ok());
  EXPECT_EQ(multiline->message, "System is going down for maintenance");
  EXPECT_EQ(multiline->priority, 0);
}

TEST(JournalLineTest, RejectsGarbage) {
  EXPECT_FALSE(ParseJournalLine("not json").ok());
  EXPECT_FALSE(ParseJournalLine("{\"MESSAGE\":\"no cursor\"}").ok());
  EXPECT_FALSE(ParseJournalLine("[1,2]").ok());
}

TEST(SanitizeTextTest, CutsOnCharacterBoundary) {
  EXPECT_EQ(SanitizeText("h\xc3\xa9llo", 2), "h");  // é is two bytes
  EXPECT_EQ(SanitizeText("h\xc3\xa9llo", 3), "h\xc3\xa9");
  EXPECT_EQ(SanitizeText("a\x01"
                         "b\xff"),
            "a?b?");
  EXPECT_EQ(SanitizeText(std::string(5000, 'x')).size(), kMaxLabelBytes);
}

TEST(SystemctlTest, ParsesBlocksAndRatesThem) {
  auto units = ParseSystemctlShow(Fixture("systemctl_show.txt"));
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].id, "nginx.service");
  EXPECT_EQ(units[0].sub_state, "running");
  EXPECT_EQ(UnitSeverity(units[0]), 0);
  EXPECT_EQ(units[1].active_state, "failed");
  EXPECT_EQ(UnitSeverity(units[1]), 2);
  EXPECT_EQ(UnitSeverity(units[2]), 1);
  EXPECT_EQ(units[3].load_state, "not-found");
  EXPECT_EQ(UnitSeverity(units[3]), 2);
}

TEST(UpscTest, ParsesValuesAndSeverity) {
  auto ok = ParseUpsc(Fixture("upsc_online.txt"));
  EXPECT_EQ(ok["ups.status"], "OL CHRG");
  EXPECT_EQ(ok["battery.charge"], "100");
  EXPECT_EQ(ok["device.model"], "Back-UPS ES 700G");
  EXPECT_EQ(UpsSeverity(ok["ups.status"]), 0);
  auto low = ParseUpsc(Fixture("upsc_low_battery.txt"));
  EXPECT_EQ(UpsSeverity(low["ups.status"]), 2);
  EXPECT_EQ(UpsSeverity("OB DISCHRG"), 1);
  EXPECT_EQ(UpsSeverity("OL RB"), 1);
  EXPECT_EQ(UpsSeverity("OL FSD"), 2);
  EXPECT_EQ(UpsSeverity("OLB"), 0);  // flags are whole words
}

TEST(ClamavLogTest, FindsDetectionsOnly) {
  std::vector<Detection> found;
  std::string log = Fixture("clamav.log");
  for (auto line : SplitLines(log)) {
    if (auto d = ParseClamavDetection(line)) found.push_back(*d);
  }
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].path, "/home/anna/Downloads/invoice.pdf.exe");
  EXPECT_EQ(found[0].signature, "Win.Trojan.Agent-1234567");
  EXPECT_EQ(found[1].signature, "Eicar-Signature");
  EXPECT_EQ(found[2].path, "/tmp/clamscan/eicar.com");
  EXPECT_EQ(found[3].signature, "Heuristics.Phishing.Email.SpoofedDomain");
  EXPECT_FALSE(ParseClamavDetection("LibClamAV Warning: NOT FOUND").has_value());
}

TEST(BackupStatusTest, ParsesJsonAndKeyValue) {
  auto json =
      ParseBackupStatus(R"({"success":false,"time":"2026-11-22T03:00:00Z","message":"disk full"})");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_FALSE(json->success);
  ASSERT_TRUE(json->time.has_value());
  EXPECT_EQ(ToMillis(*json->time), 1795316400000);
  EXPECT_EQ(json->message, "disk full");

  auto kv = ParseBackupStatus("result=success\ntime=1795316400\nmessage=\"12 GB in 8 min\"\n");
  ASSERT_TRUE(kv.ok());
  EXPECT_TRUE(kv->success);
  EXPECT_EQ(ToMillis(*kv->time), 1795316400000);
  EXPECT_EQ(kv->message, "12 GB in 8 min");

  auto no_time = ParseBackupStatus("status=FAILED\n");
  ASSERT_TRUE(no_time.ok());
  EXPECT_FALSE(no_time->success);
  EXPECT_FALSE(no_time->time.has_value());

  EXPECT_FALSE(ParseBackupStatus("hello").ok());
  EXPECT_FALSE(ParseBackupStatus("{broken").ok());
  EXPECT_FALSE(ParseBackupStatus("result=maybe").ok());
}

TEST(DpkgQueryTest, KeepsInstalledPackagesOnly) {
  auto packages = ParseDpkgQuery(Fixture("dpkg_query.txt"));
  ASSERT_EQ(packages.size(), 4u);
  EXPECT_EQ(packages[0].name, "adduser");
  EXPECT_EQ(packages[0].version, "3.134");
  EXPECT_EQ(packages[0].architecture, "all");
  EXPECT_EQ(packages[3].name, "openssh-server");
  EXPECT_EQ(packages[3].version, "1:9.2p1-2+deb12u6");
  // The default format has no status column.
  auto plain = ParseDpkgQuery("adduser\t3.134\nremoved-pkg\t\n");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].version, "3.134");
}

TEST(DpkgQueryTest, NamesThePackagesDpkgLeftPartWay) {
  auto broken = ParseDpkgBroken(
      "adduser\t3.134\tall\tii \n"
      "stw-fail\t1.1\tall\tiF \n"
      "half\t2.0\tamd64\tiH \n"
      "unpacked\t0.9\tall\tiU \n"
      "gone\t1.0\tall\trc \n"
      "triggered\t1.0\tall\tiW \n"
      "short\t1.0\n");
  ASSERT_EQ(broken.size(), 3u);
  EXPECT_EQ(broken[0].name, "stw-fail");
  EXPECT_EQ(broken[0].version, "1.1");
  EXPECT_EQ(broken[0].state, "half-configured");
  EXPECT_EQ(broken[1].state, "half-installed");
  EXPECT_EQ(broken[2].state, "unpacked");
  // The installed list leaves them out.
  for (const auto& p : ParseDpkgQuery("stw-fail\t1.1\tall\tiF \n")) {
    ADD_FAILURE() << p.name << " is not installed";
  }
}

TEST(AptTest, ParsesSimulation) {
  auto updates = ParseAptSimulation(Fixture("apt_get_simulate.txt"));
  ASSERT_EQ(updates.size(), 4u);
  EXPECT_EQ(updates[0].name, "base-files");
  EXPECT_EQ(updates[0].current_version, "12.4+deb12u11");
  EXPECT_EQ(updates[0].available_version, "12.4+deb12u15");
  EXPECT_EQ(updates[0].origin, "Debian:12.15/oldstable");
  EXPECT_FALSE(updates[0].security);
  EXPECT_EQ(updates[2].name, "libssl3");
  EXPECT_EQ(updates[2].origin, "Debian:12.15/oldstable, Debian-Security:12/oldstable-security");
  EXPECT_TRUE(updates[2].security);
  EXPECT_TRUE(updates[3].security);
}

// apt_get_simulate_reboot.txt: `apt-get -s -q upgrade` on Debian 12 with a
// new kernel, libc6 for two architectures and systemd pending.
TEST(AptTest, SuggestsRebootForKernelLibcAndSystemd) {
  auto updates = ParseAptSimulation(Fixture("apt_get_simulate_reboot.txt"));
  ASSERT_EQ(updates.size(), 6u);
  EXPECT_EQ(updates[0].name, "libc6");
  EXPECT_TRUE(updates[0].reboot_suggested);
  EXPECT_EQ(updates[1].name, "libc-bin");
  EXPECT_FALSE(updates[1].reboot_suggested);
  EXPECT_EQ(updates[2].name, "libc6:i386");
  EXPECT_TRUE(updates[2].reboot_suggested);
  // A kernel the upgrade newly installs: no current version.
  EXPECT_EQ(updates[3].name, "linux-image-6.1.0-25-amd64");
  EXPECT_EQ(updates[3].current_version, "");
  EXPECT_TRUE(updates[3].security);
  EXPECT_TRUE(updates[3].reboot_suggested);
  EXPECT_TRUE(updates[4].reboot_suggested);
  EXPECT_TRUE(updates[5].reboot_suggested);
  for (const auto& u : updates) {
    // Debian publishes no severity, CVEs or advisory ids in its package lists.
    EXPECT_EQ(u.severity, "");
    EXPECT_TRUE(u.cves.empty());
    EXPECT_TRUE(u.advisories.empty());
  }
  auto listed = ParseAptListUpgradable(
      "linux-image-amd64/stable-security 6.1.106-3 amd64 [upgradable from: 6.1.99-1]\n");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].reboot_suggested);
  EXPECT_FALSE(ParseAptListUpgradable(Fixture("apt_list_upgradable.txt"))[1].reboot_suggested);
}

TEST(AptTest, ParsesListUpgradable) {
  auto updates = ParseAptListUpgradable(Fixture("apt_list_upgradable.txt"));
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].name, "base-files");
  EXPECT_EQ(updates[0].available_version, "12.4+deb12u15");
  EXPECT_EQ(updates[0].current_version, "12.4+deb12u11");
  EXPECT_FALSE(updates[0].security);
  EXPECT_EQ(updates[1].name, "libssl3");
  EXPECT_TRUE(updates[1].security);
}

}  // namespace
}  // namespace steward::agent
