#!/usr/bin/env bash
# Load test of the packaged service with the original system's scenarios: light (10 connections), normal (50),
# heavy (100) and stress (200), each against /health, the liveness probe, /metrics and /forecast at 24h and 6h, the
# forecasts both cached (one request repeated) and uncached (a distinct past hour per request: every answer is
# computed). wrk from Debian drives the load, docs/bench/load-test.lua records each run's latency percentiles, and
# docs/bench/LoadReport.java writes OUT/report.md and OUT/report.html (self-contained, SVG plots).
# Usage (from the project root, after the README's embedded build):
#   docs/bench/load-test.sh [OUT]                      (default OUT: target/load-test)
#   DURATION=15s LEVELS="light:10 normal:50 heavy:100 stress:200" docs/bench/load-test.sh    (the defaults)
#   SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner docs/bench/load-test.sh                  (a native executable)
# The service runs with a configured token and no rate limit; RSS is read after each level.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${APP:-target/quarkus-app/quarkus-run.jar}
SERVICE=${SERVICE:-java -jar $APP}
source .ci/lib.sh
OUT=${1:-target/load-test}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
LEVELS=${LEVELS:-light:10 normal:50 heavy:100 stress:200}
PORT=${PORT:-18131}
TOKEN=load-test-token

if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "wrk missing. Fix: sudo apt-get install -y wrk" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
[ -f "$APP" ] || [ "${SERVICE%% *}" != java ] || { echo "$APP missing. Fix: ./mvnw -B package -DskipTests -Dquarkus.profile=embedded" >&2; exit 1; }

mkdir -p "$OUT"
results="$OUT/results.jsonl"
: > "$results"
log="$OUT/service.log"
"${SERVICE[0]}" -Dquarkus.http.port=$PORT -Dquarkus.management.port=$((PORT + 1000)) -Danalogcast.security.rate-limit.enabled=false \
  -Danalogcast.security.tokens.load.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
  -Danalogcast.security.tokens.load.role=admin "${SERVICE[@]:1}" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
wait_ready $PORT "$log" 300

# the newest state the service forecasts from: uncached requests go back from there
state_time=$(curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/forecast?horizon=6h&vars=t2m" \
  | sed -E 's/.*"state_time":"([^"]+)".*/\1/')
export LOAD_LAST_EPOCH=$(date -d "$state_time" +%s) LOAD_SPAN_HOURS=${LOAD_SPAN_HOURS:-30000} LOAD_TOKEN=$TOKEN
export LOAD_OUT=$results

F24='/forecast?horizon=24h&vars=t2m,u10,v10'
F6='/forecast?horizon=6h&vars=t2m'
ENDPOINTS=("health|/health|0" "probe|/q/health/live|0" "metrics|/metrics|0" "forecast-24h-cached|$F24|0"
           "forecast-6h-cached|$F6|0" "forecast-24h-uncached|$F24|1" "forecast-6h-uncached|$F6|1")

run() { # LABEL CONNECTIONS PATH UNCACHED DURATION (metrics are on the management interface's port)
  local port=$PORT
  [ "${1##*|}" = metrics ] && port=$((PORT + 1000))
  LOAD_LABEL=$1 LOAD_PATH=$3 LOAD_UNCACHED=$4 wrk -t2 -c"$2" -d"$5" --timeout 10s -s docs/bench/load-test.lua \
    "http://127.0.0.1:$port" > "$OUT/wrk-${1//|/-}.txt" 2>&1
}

if [ "$WARMUP" != 0 ]; then # the JIT compiles the hot paths before anything is measured
  for e in "${ENDPOINTS[@]}"; do IFS='|' read -r name path uncached <<< "$e"; run "warmup|50|$name" 50 "$path" "$uncached" "$WARMUP"; done
  : > "$results"
fi
for level in $LEVELS; do
  connections=${level#*:}
  for e in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path uncached <<< "$e"
    run "${level%%:*}|$connections|$name" "$connections" "$path" "$uncached" "$DURATION"
  done
  echo "{\"label\":\"${level%%:*}|$connections|rss\",\"rss_kib\":$(awk '/VmRSS/{print $2}' /proc/$pid/status)}" >> "$results"
  echo "load-test: ${level%%:*} ($connections connections) done"
done

java docs/bench/LoadReport.java "$results" "$OUT" "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); ${SERVICE[*]}; $DURATION per run; $(date -u +%FT%TZ)"
echo "load-test: $OUT/report.md and $OUT/report.html"
