#!/usr/bin/env bash
# How the embedded service grows with the length of its history, the number of its stations and the connections:
# launch to ready, RSS, and throughput and latency of uncached forecasts (a distinct past hour per request) and
# cached ones. History: one synthetic station of 1, 4 and 16 years (analogcast.demo.years; each history ends on
# 2024-01-01, indices built at boot). Stations: 1, 12 and 100 synthetic stations of STATION_YEARS each
# (analogcast.demo.stations; requests take the stations in turn). Connections: 1 to 200 on the middle history.
# Prints Markdown tables.
# Usage (from the project root, after the README's embedded build):
#   docs/bench/growth.sh      YEARS="1 4 16" STATIONS="1 12 100" STATION_YEARS=1 CONNECTIONS="1 10 50 200" DURATION=10s
#   SERVICE="java -XX:MaxRAM=768m ... -jar target/quarkus-app/quarkus-run.jar" docs/bench/growth.sh
#   RESET_DB="a command": run before each start, for a service on a database that outlives it (it must start empty)
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${APP:-target/quarkus-app/quarkus-run.jar}
SERVICE=${SERVICE:-java -jar $APP}
source .ci/lib.sh # makes SERVICE an array
YEARS=${YEARS:-1 4 16}
STATIONS=${STATIONS:-1 12 100}
STATION_YEARS=${STATION_YEARS:-1}
CONNECTIONS=${CONNECTIONS:-1 10 50 200}
DURATION=${DURATION:-10s}
PORT=${PORT:-18132}
TOKEN=growth-token
WORK=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
[ -f "$APP" ] || [ "${SERVICE%% *}" != java ] || { echo "$APP missing. Fix: ./mvnw -B package -DskipTests -Dquarkus.profile=embedded" >&2; exit 1; }
F24='/forecast?horizon=24h&vars=t2m,u10,v10'

start() { # YEARS STATIONS
  [ -z "${RESET_DB:-}" ] || bash -c "$RESET_DB"
  local t0=$(date +%s%3N)
  "${SERVICE[0]}" -Dquarkus.http.port=$PORT -Danalogcast.security.rate-limit.enabled=false \
    -Danalogcast.security.tokens.growth.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
    -Danalogcast.security.tokens.growth.role=admin -Danalogcast.demo.years="$1" -Danalogcast.demo.stations="$2" \
    -Danalogcast.demo.start-year=$((2024 - $1)) -Danalogcast.index.directory="$WORK/indices-$1-$2" \
    "${SERVICE[@]:1}" > "$WORK/service.log" 2>&1 &
  pid=$!
  wait_ready $PORT "$WORK/service.log" 600
  ready_ms=$(( $(date +%s%3N) - t0 ))
  local state=$(curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/forecast?horizon=6h&vars=t2m" \
    | sed -E 's/.*"state_time":"([^"]+)".*/\1/')
  export LOAD_LAST_EPOCH=$(date -d "$state" +%s) LOAD_SPAN_HOURS=$(( $1 * 8760 - 200 )) LOAD_TOKEN=$TOKEN
  export LOAD_STATIONS=$(curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/stations?size=1000" \
    | python3 -c 'import json,sys; print(",".join(s["id"] for s in json.load(sys.stdin)["items"]))')
}

load() { # LABEL CONNECTIONS UNCACHED DURATION -> "req/s p50 p99" (ms)
  : > "$WORK/out.jsonl"
  LOAD_OUT="$WORK/out.jsonl" LOAD_LABEL=$1 LOAD_PATH=$F24 LOAD_UNCACHED=$3 wrk -t$(( $2 < 2 ? $2 : 2 )) -c"$2" -d"$4" --timeout 10s \
    -s docs/bench/load-test.lua "http://127.0.0.1:$PORT" > /dev/null 2>&1
  python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert r["failed"] == 0, r
print("%.0f %.2f %.2f" % (r["requests"] / r["seconds"], r["p50_us"] / 1e3, r["p99_us"] / 1e3))' "$WORK/out.jsonl"
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=""; }

# vectors in the 24h indices of the open stations (all of them, after a load that took every station in turn)
vectors() { curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/health/faiss" \
  | python3 -c 'import json,sys; print(sum(i["vectors"] for i in json.load(sys.stdin)["indices"] if i["horizon"] == "24h"))'; }
measure() { # -> "| vectors | ready | uncached... | cached... | RSS |" of the running service
  load warmup 50 1 "$DURATION" > /dev/null  # the JIT compiles the hot paths first
  read -r u u50 u99 <<< "$(load uncached 50 1 "$DURATION")"
  read -r c c50 c99 <<< "$(load cached 50 0 "$DURATION")"
  local v=$(vectors) # after the load: /health/faiss lists the stations open now
  printf '%s | %d ms | %s | %s / %s | %s | %s / %s | %d MiB |\n' "$v" "$ready_ms" "$u" "$u50" "$u99" "$c" "$c50" "$c99" "$(rss)"
}
columns="vectors (24h indices) | launch to ready (building at boot) | uncached 24h req/s | p50 / p99 ms | cached 24h req/s | p50 / p99 ms | RSS after |"

echo "| history (1 station) | $columns"
echo "|---|---|---|---|---|---|---|---|"
for years in $YEARS; do
  start "$years" 1
  echo "| $years y | $(measure)"
  stop
done

echo
echo "| stations ($STATION_YEARS y each) | $columns"
echo "|---|---|---|---|---|---|---|---|"
for stations in $STATIONS; do
  start "$STATION_YEARS" "$stations"
  served=$(tr ',' '\n' <<< "$LOAD_STATIONS" | grep -c .)
  [ "$served" = "$stations" ] || { echo "growth.sh: $served stations served, $stations asked for (a database that was not empty?)" >&2; exit 1; }
  echo "| $stations | $(measure)"
  stop
done

middle=$(echo $YEARS | awk '{print $(int((NF + 1) / 2))}')
echo
echo "| connections ($middle y) | uncached 24h req/s | p50 / p99 ms | cached 24h req/s | p50 / p99 ms |"
echo "|---|---|---|---|---|"
start "$middle" 1
load warmup 50 1 "$DURATION" > /dev/null
for c in $CONNECTIONS; do
  read -r u u50 u99 <<< "$(load uncached "$c" 1 "$DURATION")"
  read -r k k50 k99 <<< "$(load cached "$c" 0 "$DURATION")"
  printf '| %d | %s | %s / %s | %s | %s / %s |\n' "$c" "$u" "$u50" "$u99" "$k" "$k50" "$k99"
done
echo "<!-- RSS after the connection sweep: $(rss) MiB -->"
stop
