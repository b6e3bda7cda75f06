#!/usr/bin/env bash
# Where a serving instance's CPU goes from launch to ready (docs/performance.md, "the boot timeline"): `perf record`
# runs the executable from its first instruction and the process is killed at its first ready answer (no shutdown in
# the samples); BOOTS starts per executable, then one table of the boots' parts (docs/bench/boot-phases.py).
# The executables must keep their symbols and frame pointers (see docs/bench/perf-native.sh's build command).
# Usage (from the project root, with the environment of docs/bench/boot-ab.sh):
#   docs/bench/perf-boot.sh /tmp/before-runner target/analogcast-0.1.0-SNAPSHOT-runner
# OPTS (-Xmx192m -Xmn16m), BOOTS (2), PORT (18090), OUT (target/perf-boot).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
PORT=${PORT:-18090}
OUT=${OUT:-target/perf-boot}
read -ra OPTIONS <<< "${OPTS:--Xmx192m -Xmn16m}"
command -v perf > /dev/null || { echo "perf-boot: perf is missing: apt-get install -y linux-perf"; exit 1; }
mkdir -p "$OUT"
files=()
for app in "$@"; do
  for boot in $(seq 1 "${BOOTS:-2}"); do
    data="$OUT/$(basename "$app")-$boot.data"
    perf record -q -F 20000 -g -o "$data" -- "$app" "${OPTIONS[@]}" -Dquarkus.http.port="$PORT" \
      -Dquarkus.management.port=$((PORT + 1000)) > "$OUT/service.log" 2>&1 &
    recorder=$!
    poll_ready "$PORT" $recorder "$OUT/service.log"
    kill -KILL "$(pgrep -P $recorder)"
    wait $recorder 2>/dev/null || true
    perf script -i "$data" -F comm,tid,ip,sym 2> /dev/null > "${data%.data}.txt"
    files+=("${data%.data}.txt")
  done
done
python3 docs/bench/boot-phases.py "${files[@]}"
