#!/usr/bin/env bash
# SIGTERM while a long batch request is in flight, repeated: the request accepted before the signal completes
# with 200, the process exits 0 without a native crash, and every forecast it issued is in the database.
# usage: .ci/sigterm.sh [ROUNDS=20]   (from the project root, after ./mvnw package; PostgreSQL on 127.0.0.1)
#        SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner .ci/sigterm.sh 20    (the native executable)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
source .ci/lib.sh
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
TOKEN=sigterm-token
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_sigterm ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=2
export ANALOGCAST_SECURITY_TOKENS_S_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)
export ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false ANALOGCAST_CACHE_REDIS_ENABLED=false
export ANALOGCAST_INDEX_DIRECTORY=$WORK/indices ANALOGCAST_INDEX_BUILD_ON_BOOT=false ANALOGCAST_SHUTDOWN_DELAY=1s
sql() { psql -qtA -h 127.0.0.1 -U postgres -d test -c "$1"; }
sql "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade" > /dev/null
"${SERVICE[@]}" build-index > "$WORK/build.log" 2>&1 || { tail "$WORK/build.log"; exit 1; }
# 100 forecasts of 4 horizons each at distinct past hours: long enough to be in flight when the signal comes
python3 - > "$WORK/batch.json" <<'PY'
import json
print(json.dumps({"requests": [{"horizons": ["6h", "12h", "24h", "48h"], "vars": ["t2m", "msl"], "k": 100,
    "time": "2019-%02d-%02dT%02d:00:00Z" % (1 + i % 12, 1 + i % 28, i % 24)} for i in range(100)]}))
PY
for round in $(seq 1 "$ROUNDS"); do
  before=$(sql "select count(*) from $ANALOGCAST_DB_SCHEMA.issued_forecast")
  "${SERVICE[0]}" -Dquarkus.http.port=18097 "${SERVICE[@]:1}" > "$WORK/service.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null localhost:18097/q/health/ready; do kill -0 $pid || exit 1; sleep 0.05; done
  curl -s -o "$WORK/response.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
       -H 'content-type: application/json' --data-binary @"$WORK/batch.json" localhost:18097/forecast/batch \
       > "$WORK/status" &
  client=$!
  sleep 0.3
  kill -TERM $pid
  # readiness goes DOWN as soon as the JVM has taken the signal (kill returns before it has: poll up to 0.5 s)
  # while requests are still served (ANALOGCAST_SHUTDOWN_DELAY=1s)
  signalled=$(date +%s%N)
  for _ in $(seq 1 50); do
    ready=$(curl -s -o /dev/null -w '%{http_code}' localhost:18097/q/health/ready || true)
    [ "$ready" != 200 ] || [ $(( ($(date +%s%N) - signalled) / 1000000 )) -ge 500 ] && break
    sleep 0.01
  done
  down_ms=$(( ($(date +%s%N) - signalled) / 1000000 ))
  slowest_down_ms=$(( down_ms > ${slowest_down_ms:-0} ? down_ms : ${slowest_down_ms:-0} ))
  served=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
           "localhost:18097/forecast?horizon=6h&vars=t2m" || true)
  set +e
  wait $pid
  code=$?
  wait $client
  set -e
  [ "$ready" = 503 ] && [ "$served" = 200 ] \
    || { echo "sigterm: round $round: $down_ms ms after SIGTERM readiness answered $ready (want 503), then a forecast $served (want 200)"; exit 1; }
  status=$(cat "$WORK/status")
  after=$(sql "select count(*) from $ANALOGCAST_DB_SCHEMA.issued_forecast")
  if [ "$code" -ne 0 ] || [ "$status" != 200 ] || grep -qE 'SIGSEGV|EntityManagerFactory is closed|could not record' "$WORK/service.log" \
     || ls hs_err_pid*.log > /dev/null 2>&1; then
    tail -20 "$WORK/service.log"
    echo "sigterm: round $round FAILED: exit $code, batch answered $status"
    exit 1
  fi
  # the batch's 400 and the one forecast asked during the delay
  [ $((after - before)) -eq 401 ] || { echo "sigterm: round $round: $((after - before)) issued forecasts recorded, 401 answered"; exit 1; }
done
echo "sigterm: ${SERVICE[0]}: $ROUNDS rounds: readiness DOWN within $slowest_down_ms ms of the signal while serving, the batch in flight answered 200 every time, exit 0, all 401 issued forecasts recorded each time"
