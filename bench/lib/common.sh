# Shared by the bench/ scripts (sourced, not run): building the Release
# benchmark tree, a free loopback port, waiting for a server to answer.

# bench_build TARGET... — deps, the Release tree in build-bench/, and the
# named targets.
bench_build() {
  scripts/deps >/dev/null
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTEWARD_BUILD_BENCHMARKS=ON \
    -DSTEWARD_BUILD_TESTS=OFF >/dev/null
  ninja -C build-bench "$@" >/dev/null
}

# free_port — a TCP port free on 127.0.0.1 now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_healthy PORT — until GET /healthz answers (at most ten seconds).
wait_healthy() {
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "bench: the server on port $1 did not become healthy" >&2
  return 1
}
