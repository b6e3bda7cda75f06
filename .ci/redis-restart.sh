#!/usr/bin/env bash
# Redis stopped and started again under load, on a Redis of the script's own (another port: the machine's server
# is untouched). wrk sends forecasts for a different past hour each time throughout (every one a local miss, so
# the shared tier is read and written all along). Checks: no forecast request fails while Redis is away; afterwards the service writes to
# the new Redis again, without a restart.
# usage: .ci/redis-restart.sh   (from the project root, after ./mvnw package; PostgreSQL on 127.0.0.1)
#        SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner .ci/redis-restart.sh    (the native executable)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
command -v wrk >/dev/null || { echo "wrk missing. Fix: sudo apt-get install -y wrk"; exit 1; }
WORK=$(mktemp -d)
PORT=18099
REDIS_PORT=16399
TOKEN=redis-restart-token
redis() { redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
            --dir "$WORK" --logfile "$WORK/redis.log" --pidfile "$WORK/redis.pid"; }
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
redis

export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_redis ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=1
export ANALOGCAST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT ANALOGCAST_CACHE_REDIS_ENABLED=true
export ANALOGCAST_SECURITY_TOKENS_R_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)
export ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false ANALOGCAST_INDEX_DIRECTORY=$WORK/indices QUARKUS_HTTP_PORT=$PORT
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade" 2> /dev/null
"${SERVICE[@]}" > "$WORK/service.log" 2>&1 &
wait_ready "$PORT" "$WORK/service.log"

# a different past hour (and, once the year's hours are used up, another k) in every request: each one misses the
# local tier, so Redis is read and written all along (at 1,700 forecasts/s the year's 8,000 hours last 5 s)
cat > "$WORK/vary.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local hour = os.date("!%Y-%m-%dT%H:00:00Z", 1514764800 + 3600 * (48 + counter % 8000))
  local k = 10 + math.floor(counter / 8000) % 40
  return wrk.format("GET", "/forecast?horizon=24h&vars=t2m,u10,v10&k=" .. k .. "&time=" .. hour)
end
LUA
wrk -t1 -c8 -d25s -s "$WORK/vary.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt" 2>&1 &
load=$!
sleep 5
before=$(redis-cli -p "$REDIS_PORT" dbsize)
redis-cli -p "$REDIS_PORT" shutdown nosave > /dev/null
echo "redis-restart: Redis stopped under load ($before keys in it)"
sleep 8
redis
echo "redis-restart: Redis started again, empty"
wait "$load"
forecasts_per_second=$(wrk_result "$WORK/wrk.txt")
# the shared tier in use again: the restarted Redis started empty and holds forecasts written since
[ "$(redis-cli -p "$REDIS_PORT" dbsize)" -gt 0 ] \
  || { grep -i redis "$WORK/service.log" | tail; echo "redis-restart: the restarted Redis is not written to"; exit 1; }
curl -sf "localhost:$PORT/health" | python3 -c 'import json,sys; c=json.load(sys.stdin)["cache"]; assert c["redis_available"] is True, c; print("redis-restart: /health cache:", {k: c[k] for k in ("redis_available", "redis_hits", "redis_errors")})'
echo "redis-restart: $forecasts_per_second forecasts/s throughout, 0 failed;" \
     "the restarted Redis is written to again ($(redis-cli -p "$REDIS_PORT" dbsize) keys), no service restart"
