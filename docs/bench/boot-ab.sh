#!/usr/bin/env bash
# Launch to ready of serving instances, alternated ROUNDS times in one run (this shared machine drifts between runs):
# per start, the wall time from launch to the first 200 of /q/health/ready (polled every 2 ms), the CPU the process
# spent until then (utime + stime, 10 ms ticks) and VmRSS at ready; then the medians per command.
# Usage (from the project root, with the ANALOGCAST_* settings of a served build in the environment, as for
# compare.sh in docs/performance.md, and the serving pod's: ANALOGCAST_INDEX_BUILD_ON_BOOT=false,
# QUARKUS_FLYWAY_MIGRATE_AT_START=false, ANALOGCAST_DATA_SOURCE=none):
#   docs/bench/boot-ab.sh "/tmp/before-runner -Xmx192m -Xmn16m" "target/analogcast-0.1.0-SNAPSHOT-runner -Xmx192m -Xmn16m"
# Each argument is a command with its options (one or more). ROUNDS (10), PORT (18090).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
PORT=${PORT:-18090}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ $# -ge 1 ] || { echo "usage: $0 \"COMMAND A\" [\"COMMAND B\" ...]" >&2; exit 2; }
echo "| round | command | ready ms | CPU ms until ready | RSS MiB at ready |"
echo "|---|---|---|---|---|"
for round in $(seq 1 "${ROUNDS:-10}"); do
  n=0
  for command in "$@"; do
    n=$((n + 1))
    read -ra words <<< "$command"
    t0=$(date +%s%N)
    "${words[@]}" -Dquarkus.http.port="$PORT" -Dquarkus.management.port=$((PORT + 1000)) > "$WORK/service.log" 2>&1 &
    pid=$!
    poll_ready "$PORT" $pid "$WORK/service.log"
    ready=$(( ($(date +%s%N) - t0) / 1000000 ))
    cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
    rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    kill $pid; wait $pid 2>/dev/null || true
    echo "| $round | $command | $ready | $cpu | $rss |"
    echo "$n $ready $cpu $rss" >> "$WORK/results"
    sleep 0.5
  done
done
echo
n=0
for command in "$@"; do
  n=$((n + 1))
  awk -v n=$n '$1 == n' "$WORK/results" | python3 -c '
import statistics, sys
rows = [list(map(int, line.split()[1:])) for line in sys.stdin]
ready, cpu, rss = zip(*rows)
print(f"median of {len(rows)}: ready {statistics.median(ready):.0f} ms (range {min(ready)}-{max(ready)}), "
      f"CPU {statistics.median(cpu):.0f} ms, RSS {statistics.median(rss):.0f} MiB: " + sys.argv[1])' "$command"
done
