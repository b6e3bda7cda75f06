#!/usr/bin/env bash
# Two serving instances of the packaged service on one machine, sharing PostgreSQL, Redis and one index
# directory, with building off: both pick up a build published by the build-index command, observations stored
# through one become analogs on the other, and a rollback through one reaches both. Requests run against both
# throughout; any failed request fails the script. Run from the project root after ./mvnw package.
set -euo pipefail
cd "$(dirname "$0")/.."
APP=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
TOKEN=ci-admin-token
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_pods ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=2
export ANALOGCAST_SECURITY_TOKENS_CI_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1) ANALOGCAST_SECURITY_TOKENS_CI_ROLE=admin
export ANALOGCAST_INDEX_DIRECTORY=$WORK/indices ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade"
fail() { echo "two-instances: FAILED: $*"; for p in 18081 18082; do echo "-- log of :$p"; tail -15 "$WORK/$p.log"; done; exit 1; }
build() { # prints the published build id; on failure the command's last lines go to stderr
  local log=$WORK/build-$(date +%s%N).log
  java -jar "$APP" build-index > "$log" 2>&1 || { tail -20 "$log" >&2; return 1; }
  grep '^built index' "$log" | awk '{print $3}'
}
served() { curl -sf "localhost:$1/health" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)[\"build_id\"])" 2>/dev/null; }
wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.2; done
}
both_serve() { [ "$(served 18081)" = "$1" ] && [ "$(served 18082)" = "$1" ]; }

first=$(build) || fail "the first build-index failed"
[ -n "$first" ] || fail "build-index published nothing"
for port in 18081 18082; do
  java -Dquarkus.http.port=$port -Dquarkus.management.port=$((port + 1000)) -Danalogcast.index.build-on-boot=false -Danalogcast.index.poll-interval=1s \
       -jar "$APP" > "$WORK/$port.log" 2>&1 &
  PIDS+=($!)
done
wait_for 60 both_serve "$first" || fail "the instances do not serve $first"
echo "two-instances: both serve $first"

# load on both instances for the rest of the script: every response must be a 200
( while true; do
    for port in 18081 18082; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
             "localhost:$port/forecast?horizon=6h,24h&vars=t2m&time=2018-0$(( RANDOM % 9 + 1 ))-1$(( RANDOM % 9 ))T0$(( RANDOM % 9 )):00:00Z")
      echo "$code" >> "$WORK/codes"
    done
  done ) &
PIDS+=($!)

second=$(build) || fail "the second build-index failed (instances serving meanwhile)"
[ -n "$second" ] && [ "$second" != "$first" ] || fail "the second build-index published no new build"
wait_for 15 both_serve "$second" || fail "the instances did not pick up $second by polling"
echo "two-instances: both picked up $second by polling CURRENT"

# observations stored through one instance become the state and analogs on the other
body=$(python3 -c '
import json
rows = [{"station": "adelaide-synthetic", "time": "2020-03-%02dT%02d:00:00Z" % (1 + h // 24, h % 24), "t2m": 18.0,
         "d2m": 9.0, "msl": 1016.0, "u10": 2.0, "v10": -1.0, "precip": 0.0} for h in range(48)]
print(json.dumps(rows))')
curl -sf -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$body" localhost:18081/observations > /dev/null \
  || fail "POST /observations"
appended() { curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "localhost:18082/forecast?horizon=6h&vars=t2m" \
  && curl -sf -H "Authorization: Bearer $TOKEN" localhost:18082/admin/stations | python3 -c '
import json, sys
s = json.load(sys.stdin)["items"][0]
sys.exit(0 if s["newest_observation"] == "2020-03-02T23:00:00Z" and s["appended_rows"] > 0 else 1)'; }
wait_for 15 appended || fail "the other instance did not append the new observations"
echo "two-instances: observations stored through one instance are analogs on the other"

curl -sf -X POST -H "Authorization: Bearer $TOKEN" localhost:18082/admin/indices/rollback > /dev/null || fail "rollback"
wait_for 15 both_serve "$first" || fail "the rollback did not reach both instances"
echo "two-instances: a rollback through one instance reached both"

kill "${PIDS[2]}" 2>/dev/null; wait "${PIDS[2]}" 2>/dev/null || true
total=$(wc -l < "$WORK/codes")
bad=$(grep -vc '^200$' "$WORK/codes" || true)
[ "$total" -gt 20 ] || fail "only $total requests ran"
[ "$bad" -eq 0 ] || fail "$bad of $total requests failed: $(grep -v '^200$' "$WORK/codes" | sort | uniq -c | tr '\n' ' ')"
echo "two-instances: $total requests across the swaps, 0 failed"
