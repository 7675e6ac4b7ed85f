#include "proto/agent_frames.h"

#include <gtest/gtest.h>

namespace steward::proto {
namespace {

TEST(AgentFramesTest, BatchRoundTrips) {
  BatchFrame b;
  b.seq = 42;
  b.samples.push_back({"cpu.used_percent", 1795000000000, 12.5, {}});
  b.samples.push_back(
      {"volume.free_bytes", 1795000000000, 1e9, {{"mount", "/"}, {"system", "true"}}});
  b.inventory = Json{{"hostname", "web01"}};
  auto parsed = ParseAgentFrame(EncodeBatch(b));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const auto& got = std::get<BatchFrame>(*parsed);
  EXPECT_EQ(got.seq, 42);
  ASSERT_EQ(got.samples.size(), 2u);
  EXPECT_EQ(got.samples[1].labels.at("mount"), "/");
  EXPECT_DOUBLE_EQ(got.samples[1].value, 1e9);
  EXPECT_EQ((*got.inventory)["hostname"], "web01");
}

TEST(AgentFramesTest, MalformedFramesAreRefusedWithTheField) {
  struct Case {
    const char* text;
    const char* field;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"type":"batch","seq":0,"samples":[]})", "seq"},
           {R"({"type":"batch","seq":-5})", "seq"},
           {R"({"type":"batch","seq":1,"samples":{}})", "samples"},
           {R"({"type":"batch","seq":1,"inventory":[]})", "inventory"},
           {R"({"type":"batch","seq":1,"device_id":9})", "device_id"},
           {R"({"type":"batch","seq":4,"first_seq":5})", "first_seq"},
           {R"({"type":"launch"})", "type"},
           {R"({"type":"result","command_id":1,"status":"done"})", "status"},
       }) {
    auto r = ParseAgentFrame(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().field(), c.field) << c.text << ": " << r.status().message();
  }
  EXPECT_FALSE(ParseAgentFrame("[1,2]").ok());
  EXPECT_FALSE(ParseAgentFrame("{\"type\":\"ping\"").ok());
  EXPECT_FALSE(ParseAgentFrame(std::string(kMaxFrameBytes + 1, ' ')).ok());
}

TEST(AgentFramesTest, ABadSampleIsLeftOutNamedAndTheRestKept) {
  auto r = ParseAgentFrame(
      R"({"type":"batch","seq":1,"samples":[{"metric":"x","ts":1},)"
      R"({"metric":"y","ts":2,"value":3},{"metric":"x","ts":1,"value":1,"labels":{"a":1}},)"
      R"({"ts":1,"value":1}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& batch = std::get<BatchFrame>(*r);
  ASSERT_EQ(batch.samples.size(), 1u);
  EXPECT_EQ(batch.samples[0].metric, "y");
  EXPECT_EQ(batch.samples[0].index, 1u);  // its place in the frame
  ASSERT_EQ(batch.unparsable.size(), 3u);
  EXPECT_EQ(batch.unparsable[2].field, "samples[3].metric");
  EXPECT_EQ(batch.unparsable[0].index, 0);
  EXPECT_EQ(batch.unparsable[0].field, "samples[0].value");
  EXPECT_EQ(batch.unparsable[1].index, 2);
  EXPECT_EQ(batch.unparsable[1].field, "samples[2].labels.a");
}

TEST(AgentFramesTest, AnUnparsableBatchIsStillNamedBySeq) {
  // A field this server does not know (a newer agent), too many samples, a
  // bad sample: refused, but recognisably batch 7.
  EXPECT_EQ(UnparsableBatchSeq(R"({"type":"batch","seq":7,"samples":[],"zone":"x"})"), 7);
  BatchFrame big;
  big.seq = 9;
  big.samples.assign(kMaxSamplesPerBatch + 1, WireSample{"cpu.used_percent", 1, 1, {}});
  EXPECT_EQ(UnparsableBatchSeq(EncodeBatch(big)), 9);
  // Nothing to name.
  EXPECT_EQ(UnparsableBatchSeq("{not json"), 0);
  EXPECT_EQ(UnparsableBatchSeq(R"({"type":"result","seq":7})"), 0);
  EXPECT_EQ(UnparsableBatchSeq(R"({"type":"batch","seq":"7"})"), 0);
  EXPECT_EQ(UnparsableBatchSeq(R"({"type":"batch","seq":0})"), 0);
  EXPECT_EQ(UnparsableBatchSeq(R"({"type":"batch","seq":-3})"), 0);
  EXPECT_EQ(UnparsableBatchSeq("[1]"), 0);
}

TEST(AgentFramesTest, OversizedBatchIsRefused) {
  BatchFrame b;
  b.seq = 1;
  b.samples.assign(kMaxSamplesPerBatch + 1, WireSample{"cpu.used_percent", 1, 1, {}});
  auto r = ParseAgentFrame(EncodeBatch(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "samples");
}

TEST(AgentFramesTest, CommandResultOutputIsCappedToValidUtf8) {
  CommandResultFrame f;
  f.command_id = 3;
  f.status = "completed";
  f.stdout_text = std::string(kMaxCommandOutputBytes - 1, 'a') + "\xc3\xa9" + "tail";
  auto parsed = ParseAgentFrame(EncodeCommandResult(f));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const auto& got = std::get<CommandResultFrame>(*parsed);
  EXPECT_EQ(got.stdout_text.size(), kMaxCommandOutputBytes - 1);
}

TEST(AgentFramesTest, PackageOutcomesRoundTrip) {
  CommandResultFrame f;
  f.command_id = 9;
  f.status = "completed";
  f.exit_code = 100;
  f.packages = std::vector<PackageOutcome>{
      {"stw-app", "installed", "1.1", "installed", 0, "", ""},
      {"stw-fail", "failed", "1.1", "half-configured", 3, "postinst failed\n", ""},
      {"stw-conf", "held", "1.1", "unpacked", 0, "", "configuration file /etc/stw-conf.conf"},
      {"gone", "failed", "", "", 100, "E: Unable to locate package gone", ""}};
  f.reboot_required = true;
  std::string text = EncodeCommandResult(f);
  auto parsed = ParseAgentFrame(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const auto& got = std::get<CommandResultFrame>(*parsed);
  ASSERT_TRUE(got.packages.has_value());
  EXPECT_EQ(*got.packages, *f.packages);
  EXPECT_TRUE(got.reboot_required);
  EXPECT_FALSE(got.reboot_scheduled);
  // Only what an outcome means goes on the wire.
  EXPECT_EQ(text.find("\"reason\":\"\""), std::string::npos) << text;

  // A script's result carries none of it: the server's existing reading is unchanged.
  CommandResultFrame script;
  script.command_id = 10;
  script.status = "completed";
  std::string plain = EncodeCommandResult(script);
  EXPECT_EQ(plain.find("packages"), std::string::npos);
  EXPECT_FALSE(std::get<CommandResultFrame>(*ParseAgentFrame(plain)).packages.has_value());
}

TEST(AgentFramesTest, MalformedPackageOutcomesAreRefusedWithTheField) {
  struct Case {
    const char* packages;
    const char* field;
  };
  for (const Case& c : std::vector<Case>{
           {R"({})", "packages"},
           {R"([{"outcome":"installed"}])", "packages[0].name"},
           {R"([{"name":"a","outcome":"upgraded"}])", "packages[0].outcome"},
           {R"([{"name":"a","outcome":"held"}])", "packages[0].reason"},
           {R"([{"name":"a","outcome":"installed","reason":"x"}])", "packages[0].reason"},
           {R"([{"name":"a","outcome":"held","reason":"x","log_tail":"y"}])",
            "packages[0].log_tail"},
           {R"([{"name":"a","outcome":"failed","exit_code":999}])", "packages[0].exit_code"},
           {R"([{"name":"a","outcome":"installed","version":7}])", "packages[0].version"},
           {R"([{"name":"a","outcome":"installed","extra":1}])", "packages[0].extra"},
       }) {
    std::string text =
        std::string(R"({"type":"result","command_id":1,"status":"completed","packages":)") +
        c.packages + "}";
    auto r = ParseAgentFrame(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().field(), c.field) << text << ": " << r.status().message();
  }
  Json many = Json::array();
  for (size_t i = 0; i <= kMaxPackageOutcomes; ++i) {
    many.push_back({{"name", "p" + std::to_string(i)}, {"outcome", "installed"}});
  }
  Json frame = {{"type", "result"}, {"command_id", 1}, {"status", "completed"}, {"packages", many}};
  EXPECT_EQ(ParseAgentFrame(frame.dump()).status().field(), "packages");
  EXPECT_EQ(ParseAgentFrame(
                R"({"type":"result","command_id":1,"status":"completed","reboot_required":true})")
                .status()
                .field(),
            "reboot_required");
  EXPECT_EQ(
      ParseAgentFrame(
          R"({"type":"result","command_id":1,"status":"completed","packages":[],"reboot_required":"yes"})")
          .status()
          .field(),
      "reboot_required");
}

TEST(AgentFramesTest, OutputFramesRoundTripAndAreBounded) {
  auto parsed = ParseAgentFrame(EncodeCommandOutput({7, true, "warning: disk\n"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const auto& f = std::get<CommandOutputFrame>(*parsed);
  EXPECT_EQ(f.command_id, 7);
  EXPECT_TRUE(f.is_stderr);
  EXPECT_EQ(f.data, "warning: disk\n");
  std::string big = R"({"type":"output","command_id":1,"stream":"stdout","data":")" +
                    std::string(kMaxOutputChunkBytes + 1, 'x') + "\"}";
  EXPECT_EQ(ParseAgentFrame(big).status().field(), "data");
  EXPECT_EQ(ParseAgentFrame(R"({"type":"output","command_id":1,"stream":"tty","data":"x"})")
                .status()
                .field(),
            "stream");
}

TEST(AgentFramesTest, ServerFramesRoundTrip) {
  for (const ServerFrame& f : std::vector<ServerFrame>{
           WelcomeFrame{5, "approved", 17}, WelcomeFrame{5, "approved", 0, 9, "ab12"}, AckFrame{9},
           NackFrame{9, "quarantined", "wait", true}, CommandFrame{4, "{}", "ab"},
           ResultAckFrame{4}, PongFrame{}}) {
    auto parsed = ParseServerFrame(EncodeServerFrame(f));
    ASSERT_TRUE(parsed.ok()) << EncodeServerFrame(f);
    EXPECT_EQ(parsed->index(), f.index());
    EXPECT_EQ(EncodeServerFrame(*parsed), EncodeServerFrame(f));
  }
}

TEST(AgentFramesTest, AWelcomeThatRebindsCarriesItsSignature) {
  auto unsigned_rebind = ParseServerFrame(
      R"({"type":"welcome","device_id":5,"status":"approved","last_seq":0,"rebound_from":9})");
  ASSERT_FALSE(unsigned_rebind.ok());
  EXPECT_EQ(unsigned_rebind.status().field(), "rebind_signature");
  auto plain = ParseServerFrame(R"({"type":"welcome","device_id":5,"status":"approved"})");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(std::get<WelcomeFrame>(*plain).rebound_from, 0);
}

TEST(AgentFramesTest, AnAckNamesTheSamplesItLeftOut) {
  AckFrame ack;
  ack.seq = 12;
  ack.refused = {{3, "samples[3].labels.Mount", "label names are lower-case words"}};
  ack.refused_count = 1;
  auto parsed = ParseServerFrame(EncodeServerFrame(ack));
  ASSERT_TRUE(parsed.ok()) << EncodeServerFrame(ack);
  const auto& back = std::get<AckFrame>(*parsed);
  EXPECT_EQ(back.seq, 12);
  EXPECT_EQ(back.refused, ack.refused);
  EXPECT_EQ(back.refused_count, 1);
  // A plain ack stays as it was on the wire.
  EXPECT_EQ(EncodeServerFrame(AckFrame{9}), R"({"seq":9,"type":"ack"})");
  // More than 20 named, or a malformed entry, is refused.
  std::string many = R"({"type":"ack","seq":1,"refused":[)";
  for (int i = 0; i < 21; ++i) {
    many += std::string(i ? "," : "") + R"({"index":0,"field":"f","message":"m"})";
  }
  EXPECT_EQ(ParseServerFrame(many + "]}").status().field(), "refused");
  EXPECT_EQ(ParseServerFrame(
                R"({"type":"ack","seq":1,"refused":[{"index":-1,"field":"f","message":"m"}]})")
                .status()
                .field(),
            "refused[0].index");
}

}  // namespace
}  // namespace steward::proto
