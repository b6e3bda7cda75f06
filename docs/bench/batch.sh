#!/usr/bin/env bash
# POST /forecast/batch against the same requests one at a time, on embedded builds (demo data), with the local cache
# tier off so every forecast is computed: wrk -t2 -c8 for DURATION on a batch of ITEMS forecasts (24h, t2m,u10,v10,
# distinct past hours), then on GET /forecast of those hours in turn. Each JAR in its own run,
# one after the other, each after WARMUP (5 s) of both; prints one Markdown row per JAR: forecasts/s in batches,
# one at a time, and the ratio.
# Usage (from the project root, after the README's embedded build; copy a jar's quarkus-app elsewhere to compare):
#   docs/bench/batch.sh target/quarkus-app/quarkus-run.jar [/tmp/other/quarkus-run.jar ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
PORT=${PORT:-18135}
ITEMS=${ITEMS:-32}
D=${DURATION:-10s}
WARM=${WARMUP:-5s}
TOKEN=bench-token
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
# distinct hours STEP_HOURS apart from 2019-01-01 (consecutive hours by default; 1001 spreads 32 over the demo's
# years, where the look-ahead guards of the items allow too different rows to share a search)
STEP=${STEP_HOURS:-1}
hour() { date -u -d "2019-01-01 +$(( $1 * STEP )) hours" +%Y-%m-%dT%H:00:00Z; }
{
  printf '{"requests": ['
  for i in $(seq 0 $((ITEMS - 1))); do
    [ "$i" = 0 ] || printf ','
    printf '{"horizons": ["24h"], "vars": ["t2m", "u10", "v10"], "time": "%s"}' "$(hour "$i")"
  done
  printf ']}'
} > "$WORK/batch.json"
for i in $(seq 0 $((ITEMS - 1))); do hour "$i"; done > "$WORK/hours"
cat > "$WORK/batch.lua" <<EOF
wrk.method = "POST"
wrk.path = "/forecast/batch"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local f = io.open("$WORK/batch.json"); wrk.body = f:read("*a"); f:close()
EOF
cat > "$WORK/single.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
local hours = {}
for line in io.lines("$WORK/hours") do hours[#hours + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/forecast?horizon=24h&vars=t2m,u10,v10&time=" .. hours[n % #hours + 1])
end
EOF
# non-2xx answers would count as throughput: any makes the run fail
rate() {
  wrk -t2 -c8 -d"$1" --timeout 10s -s "$2" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
  wrk_result "$WORK/wrk.txt"
}
echo "| jar | forecasts/s in batches of $ITEMS | one at a time | ratio |"
echo "|---|---|---|---|"
for jar in "$@"; do
  java -Dquarkus.http.port=$PORT -Danalogcast.security.rate-limit.enabled=false -Danalogcast.cache.local-max-entries=0 \
    -Danalogcast.security.tokens.bench.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
    -Danalogcast.security.tokens.bench.role=user -jar "$jar" > "$WORK/service.log" 2>&1 &
  pid=$!
  wait_ready $PORT "$WORK/service.log" 300
  rate "$WARM" "$WORK/batch.lua" > /dev/null; rate "$WARM" "$WORK/single.lua" > /dev/null
  batches=$(rate "$D" "$WORK/batch.lua")
  singles=$(rate "$D" "$WORK/single.lua")
  awk -v j="$jar" -v b="$batches" -v s="$singles" -v n="$ITEMS" \
    'BEGIN {printf "| %s | %.0f | %.0f | %.2fx |\n", j, b * n, s, b * n / s}'
  kill $pid; wait $pid 2>/dev/null || true
done
