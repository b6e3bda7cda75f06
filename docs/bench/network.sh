#!/usr/bin/env bash
# How a serving instance grows with the number of stations of its network (docs/performance.md, "A national network"):
# for each size N in SIZES, synthetic stations of one year each are seeded into a PostgreSQL schema of their own and
# built once with build-index (in SHARDS shares run side by side, as the chart's Indexed Job runs them); then a serving
# instance (building off, at most MAX_OPEN stations open, the local forecast cache off so that every request computes)
# is started on the published build and measured:
# launch to ready, RSS at rest, first-touch latency (p50/p99 of each station's first forecast, a sweep over every
# station, 4 at a time), RSS after the sweep, throughput and p99 of uncached 24h forecasts for the MAX_OPEN hottest
# stations (warm), for all N uniformly and with Zipf popularity. With MEMORY_MAX (e.g. 200M), the largest size runs a
# second time in a memory cgroup of that size (cgroup v1 or v2, created here; root needed) and must not be killed or
# fail a request. Prints Markdown tables; built schemas and builds are kept for later runs (REBUILD=1 starts again;
# BUILD_ONLY=1 only seeds and builds).
# Usage (from the project root; the production build, or the native executable as SERVICE):
#   docs/bench/network.sh
#   SIZES="1 100 2000" SHARDS=2 MAX_OPEN=100 DURATION=10s MEMORY_MAX=200M \
#     SERVICE="target/analogcast-0.1.0-SNAPSHOT-runner -Xmx192m" BUILD_SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner \
#     docs/bench/network.sh
# (JVM options go into SERVICE before -jar; the native executable takes them after its path, as the chart passes them)
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${APP:-target/quarkus-app/quarkus-run.jar}
SERVICE=${SERVICE:-java -jar $APP}
BUILD_SERVICE=${BUILD_SERVICE:-$SERVICE}
read -ra BUILD_SERVICE <<< "$BUILD_SERVICE"
source .ci/lib.sh # makes SERVICE an array
SIZES=${SIZES:-1 100 2000}
SHARDS=${SHARDS:-2}
MAX_OPEN=${MAX_OPEN:-100}
DURATION=${DURATION:-10s}
MEMORY_MAX=${MEMORY_MAX:-}
WORK_ROOT=${WORK_ROOT:-/tmp/analogcast-network}
PORT=${PORT:-18142}
TOKEN=network-token
export ANALOGCAST_DB_URL=${ANALOGCAST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test} \
  ANALOGCAST_DB_USER=${ANALOGCAST_DB_USER:-postgres} ANALOGCAST_CACHE_REDIS_ENABLED=false \
  ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false ANALOGCAST_DEMO_YEARS=1 ANALOGCAST_DEMO_START_YEAR=2023 \
  ANALOGCAST_SECURITY_TOKENS_NETWORK_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1) \
  ANALOGCAST_SECURITY_TOKENS_NETWORK_ROLE=admin OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
mkdir -p "$WORK_ROOT"
pid=""
cgroup=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; [ -n "$cgroup" ] && rmdir "$cgroup" 2>/dev/null; true' EXIT
psql() { command psql -qtA -h 127.0.0.1 -U postgres -d test "$@"; }
# the newest state of the synthetic year (2023): the last hour of 2023
LAST_EPOCH=$(date -d 2023-12-31T23:00:00Z +%s)

build() { # N: seed and build once; prints the build's seconds (0 when reused)
  local n=$1 dir="$WORK_ROOT/$1" schema="analogcast_net_$1"
  if [ "${REBUILD:-0}" != 1 ] && [ -f "$dir/indices/CURRENT" ]; then echo 0; return; fi
  rm -rf "$dir"; mkdir -p "$dir"
  psql -c "drop schema if exists $schema cascade" 2> /dev/null
  local t0=$(date +%s) run="network-$n-$$"
  export ANALOGCAST_DB_SCHEMA=$schema ANALOGCAST_INDEX_DIRECTORY="$dir/indices" ANALOGCAST_DATA_SOURCE=demo \
    ANALOGCAST_DEMO_STATIONS=$n
  # shard 0 seeds the empty schema first; the others start once it has (a second seeding would repeat the work)
  "${BUILD_SERVICE[@]}" build-index --shard "0/$SHARDS" --run "$run" > "$dir/build-0.log" 2>&1 &
  local pids=($!)
  until grep -q 'seeded .* hours of SYNTHETIC' "$dir/build-0.log"; do
    kill -0 "${pids[0]}" 2>/dev/null || { tail -5 "$dir/build-0.log" >&2; echo "network: seeding failed" >&2; exit 1; }
    sleep 1
  done
  for ((i = 1; i < SHARDS; i++)); do
    "${BUILD_SERVICE[@]}" build-index --shard "$i/$SHARDS" --run "$run" > "$dir/build-$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { tail -5 "$dir"/build-*.log >&2; echo "network: build-index failed" >&2; exit 1; }; done
  [ -f "$dir/indices/CURRENT" ] || { echo "network: no build published" >&2; exit 1; }
  echo $(( $(date +%s) - t0 ))
}

serve() { # N [CGROUP]: starts the serving instance, sets pid and ready_ms
  local n=$1 dir="$WORK_ROOT/$1"
  local t0=$(date +%s%3N)
  ANALOGCAST_DB_SCHEMA="analogcast_net_$n" ANALOGCAST_INDEX_DIRECTORY="$dir/indices" ANALOGCAST_DATA_SOURCE=none \
    ANALOGCAST_INDEX_BUILD_ON_BOOT=false QUARKUS_FLYWAY_MIGRATE_AT_START=false ANALOGCAST_INDEX_MAX_OPEN_STATIONS=$MAX_OPEN \
    QUARKUS_HTTP_PORT=$PORT \
    ANALOGCAST_VERIFICATION_LIVE_INTERVAL=0 ANALOGCAST_FORECAST_RECORD_ISSUED=false ANALOGCAST_CACHE_LOCAL_MAX_ENTRIES=0 \
    bash -c '[ -z "$1" ] || echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "${2:-}" "${SERVICE[@]}" \
    > "$dir/service.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "localhost:$PORT/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { tail -20 "$dir/service.log" >&2; echo "network: the service exited" >&2; exit 1; }
    sleep 0.005
  done
  ready_ms=$(( $(date +%s%3N) - t0 ))
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=""; }
station() { [ "$1" -eq 1 ] && echo adelaide-synthetic || printf 'synthetic-%03d' "$1"; }

sweep() { # N: every station's first forecast, 4 at a time; prints "p50 p99" (ms) and fails on any non-200
  local n=$1 out="$WORK_ROOT/$1/sweep.txt"
  for ((s = 1; s <= n; s++)); do
    echo "url = \"localhost:$PORT/forecast?station=$(station $s)&horizon=24h&vars=t2m,u10,v10&time=2023-06-01T$(printf %02d $((s % 24))):00:00Z\""
    echo "output = /dev/null"
  done | curl -s --no-progress-meter -H "Authorization: Bearer $TOKEN" -w '%{http_code} %{time_total}\n' \
    --parallel --parallel-max 4 -K - > "$out"
  python3 - "$out" "$n" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1])]
bad = [r for r in rows if r[0] != "200"]
assert len(rows) == int(sys.argv[2]) and not bad, f"{len(rows)} answers, not 200: {bad[:5]}"
t = sorted(float(r[1]) * 1000 for r in rows)
print("%.1f %.1f" % (t[len(t) // 2], t[min(len(t) - 1, int(len(t) * 0.99))]))
EOF
}

load() { # N MODE: uncached 24h forecasts for DURATION -> "req/s p99" (ms); fails on a failed request
  local out="$WORK_ROOT/$1/load.jsonl"
  : > "$out"
  NET_STATIONS=$1 NET_MODE=$2 NET_HOT=$MAX_OPEN NET_LAST_EPOCH=$LAST_EPOCH NET_TOKEN=$TOKEN NET_OUT="$out" NET_LABEL=$2 \
    wrk -t2 -c50 -d"$DURATION" --timeout 10s -s docs/bench/network.lua "http://127.0.0.1:$PORT" > /dev/null 2>&1
  python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert r["failed"] == 0, r
print("%.0f %.1f" % (r["requests"] / r["seconds"], r["p99_us"] / 1e3))' "$out"
}

if [ "${BUILD_ONLY:-0}" = 1 ]; then # seed and build every size, measure nothing (a long build runs apart)
  for n in $SIZES; do echo "$n stations: built in $(build "$n") s (0: reused)"; done
  exit 0
fi

echo "| stations | build (s, $SHARDS shards) | launch to ready | RSS at rest | first touch p50 / p99 ms | RSS after the sweep | open after | warm ($MAX_OPEN hot stations) req/s, p99 ms | uniform req/s, p99 ms | Zipf req/s, p99 ms | RSS after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
largest=""
for n in $SIZES; do
  seconds=$(build "$n")
  serve "$n"
  rest=$(rss)
  read -r t50 t99 <<< "$(sweep "$n")"
  swept=$(rss)
  open=$(curl -sf localhost:$PORT/health | python3 -c 'import json,sys; print(json.load(sys.stdin)["stations"]["open"])')
  load "$n" hot > /dev/null # the hot stations opened and the code paths warmed
  read -r w wp99 <<< "$(load "$n" hot)"
  read -r u up99 <<< "$(load "$n" uniform)"
  read -r z zp99 <<< "$(load "$n" zipf)"
  printf '| %d | %s | %d ms | %d MiB | %s / %s | %d MiB | %d | %s, %s | %s, %s | %s, %s | %d MiB |\n' "$n" \
    "$([ "$seconds" = 0 ] && echo reused || echo "$seconds")" "$ready_ms" "$rest" "$t50" "$t99" "$swept" "$open" \
    "$w" "$wp99" "$u" "$up99" "$z" "$zp99" "$(rss)"
  stop
  largest=$n
done

if [ -n "$MEMORY_MAX" ]; then
  n=$largest
  library=$(du -sm "$WORK_ROOT/$n/indices/$(cat "$WORK_ROOT/$n/indices/CURRENT")" | cut -f1)
  if [ -d /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/memory ]; then
    cgroup=/sys/fs/cgroup/memory/analogcast-network-$$
    mkdir "$cgroup"; echo "$MEMORY_MAX" > "$cgroup/memory.limit_in_bytes"; failcnt() { cat "$cgroup/memory.failcnt"; }
    oom() { grep -q 'oom_kill [1-9]' "$cgroup/memory.oom_control" 2>/dev/null && echo yes || echo no; }
  else
    cgroup=/sys/fs/cgroup/analogcast-network-$$
    mkdir "$cgroup"; echo "$MEMORY_MAX" > "$cgroup/memory.max"; failcnt() { awk '/^max / {print $2}' "$cgroup/memory.events"; }
    oom() { awk '/^oom_kill / {print ($2 > 0 ? "yes" : "no")}' "$cgroup/memory.events"; }
  fi
  # the library's pages are charged to the cgroup that reads them first: not from the page cache of earlier runs
  sync && echo 3 > /proc/sys/vm/drop_caches
  serve "$n" "$cgroup"
  read -r t50 t99 <<< "$(sweep "$n")"
  read -r u up99 <<< "$(load "$n" uniform)"
  read -r z zp99 <<< "$(load "$n" zipf)"
  alive=$(kill -0 $pid 2>/dev/null && echo yes || echo no)
  echo
  echo "| stations | library on disk | memory limit | first touch p50 / p99 ms | uniform req/s, p99 ms | Zipf req/s, p99 ms | RSS after | limit reached (times) | OOM kill | still serving |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '| %d | %d MiB | %s | %s / %s | %s, %s | %s, %s | %d MiB | %s | %s | %s |\n' "$n" "$library" "$MEMORY_MAX" "$t50" "$t99" \
    "$u" "$up99" "$z" "$zp99" "$(rss)" "$(failcnt)" "$(oom)" "$alive"
  [ "$alive" = yes ] || { echo "network: the service died under the memory limit" >&2; exit 1; }
  stop
  rmdir "$cgroup" 2>/dev/null || true; cgroup=""
fi
