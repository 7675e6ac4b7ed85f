// Replays a fuzz target's saved corpus without libFuzzer: the same target
// source, linked with this driver in the normal (GCC, ASan+UBSan) build, runs
// every file under the corpus directories given on the command line. This is
// how the corpus and every past finding re-run in CI on each submission;
// scripts/fuzz runs the real coverage-guided fuzzer with clang for long runs.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    std::vector<fs::path> inputs;
    for (const auto& e : fs::recursive_directory_iterator(argv[i], ec)) {
      if (e.is_regular_file()) inputs.push_back(e.path());
    }
    if (ec) {
      std::fprintf(stderr, "cannot read corpus %s: %s\n", argv[i], ec.message().c_str());
      return 2;
    }
    for (const auto& p : inputs) {
      std::ifstream in(p, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++files;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "empty corpus: nothing was replayed\n");
    return 2;
  }
  std::printf("replayed %zu inputs\n", files);
  return 0;
}
