#!/usr/bin/env bash
# PostgreSQL stopped and started again under load, on a PostgreSQL cluster of the script's own (initdb, another
# port: the machine's server is untouched). Throughout: wrk on forecasts, and a writer posting one observation at
# a time. Checks: no forecast request fails; while the database is down readiness stays up and ingestion answers
# 503 with Retry-After (never 500); the service recovers without a restart; every observation acknowledged
# before, during or after is in the database.
# usage: .ci/postgres-restart.sh   (from the project root, after ./mvnw package; root, with PostgreSQL's binaries)
#        SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner .ci/postgres-restart.sh    (the native executable)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
PGBIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "wrk missing. Fix: sudo apt-get install -y wrk"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
WORK=$(mktemp -d)
chown postgres "$WORK"  # the cluster writes its log and socket here
PORT=18098
PGPORT=54329
TOKEN=pg-restart-token
pg() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w "$@" > /dev/null; }
sql() { psql -qtA -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "$1"; }
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  pg stop -m immediate 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir "$WORK/pgdata" && chown postgres "$WORK/pgdata"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdata" -A trust -U postgres > "$WORK/initdb.log"
pg start -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK"

export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:$PGPORT/postgres ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=public  # (whatever the caller's environment says)
export ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=1 ANALOGCAST_CACHE_REDIS_ENABLED=false
export ANALOGCAST_SECURITY_TOKENS_P_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)
export ANALOGCAST_SECURITY_TOKENS_P_ROLE=admin ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false
export ANALOGCAST_INDEX_DIRECTORY=$WORK/indices QUARKUS_HTTP_PORT=$PORT
"${SERVICE[@]}" > "$WORK/service.log" 2>&1 &
wait_ready "$PORT" "$WORK/service.log"

# the writer: one observation per request at hour i of a station of its own; what was acknowledged, and every
# status seen, go to files
cat > "$WORK/writer.py" <<'PY'
import http.client, json, os, sys, time
port, token, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = 1_700_000_000 - 1_700_000_000 % 3600
acked, statuses, i = open(f"{work}/acked", "w"), open(f"{work}/statuses", "w"), 0
while not os.path.exists(f"{work}/stop"):
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + 3600 * i))
    body = json.dumps({"station": "restart-probe", "time": when, "t2m": 10.0 + i % 7})
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("POST", "/observations", body, {"Authorization": "Bearer " + token,
                                                 "Content-Type": "application/json"})
        r = c.getresponse()
        text = r.read().decode()
        line = f"{r.status} {r.getheader('Retry-After')} {r.getheader('Content-Type')}"
        if r.status == 200:
            acked.write(when + "\n"); acked.flush()
        elif r.status != 503:
            line += " " + text[:300]
        c.close()
    except OSError as e:
        line = f"error {e}"
    statuses.write(line + "\n"); statuses.flush()
    i += 1
    time.sleep(0.02)
PY
python3 "$WORK/writer.py" "$PORT" "$TOKEN" "$WORK" &
writer=$!
wrk -t1 -c8 -d40s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/forecast?horizon=24h&vars=t2m,u10,v10" \
  > "$WORK/wrk.txt" 2>&1 &
load=$!

sleep 5
pg stop -m fast
echo "pg-restart: PostgreSQL stopped under load"
# the pod stays in its Service: readiness answers 200 within the chart's 3 s probe timeout while the database is away
for _ in 1 2 3 4; do
  sleep 2
  ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "localhost:$PORT/q/health/ready" || true)
  [ "$ready" = 200 ] || { echo "pg-restart: readiness answered '$ready' with the database away"; exit 1; }
done
down_statuses=$(wc -l < "$WORK/statuses")
pg start -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK"
echo "pg-restart: PostgreSQL started again"
# recovered without a restart: a new observation is acknowledged again
recovered=
for _ in $(seq 1 60); do
  if tail -n +$(( down_statuses + 1 )) "$WORK/statuses" | grep -q '^200 '; then recovered=yes; break; fi
  sleep 0.5
done
[ -n "$recovered" ] || { tail -20 "$WORK/statuses"; tail -30 "$WORK/service.log"; echo "pg-restart: ingestion never recovered"; exit 1; }
sleep 5
touch "$WORK/stop"
wait "$writer"
wait "$load"

forecasts_per_second=$(wrk_result "$WORK/wrk.txt")
unavailable=$(grep -c '^503 ' "$WORK/statuses" || true)
[ "$unavailable" -gt 0 ] || { echo "pg-restart: no 503 seen while the database was down"; exit 1; }
bad=$(grep -vE '^200 |^503 5 application/problem\+json' "$WORK/statuses" || true)
[ -z "$bad" ] || { echo "$bad" | sort | uniq -c | head; unexpected_failures "$WORK/service.log"; echo "pg-restart: answers other than 200, or 503 with Retry-After and a problem"; exit 1; }
acked=$(wc -l < "$WORK/acked")
stored=$(sql "select to_char(obs_time at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from observation
              where station_id = 'restart-probe' order by obs_time")  # in $ANALOGCAST_DB_SCHEMA
missing=$(comm -23 <(sort "$WORK/acked") <(echo "$stored" | sort))
[ -z "$missing" ] || { echo "$missing" | head; echo "pg-restart: acknowledged observations missing from the database"; exit 1; }
echo "pg-restart: $forecasts_per_second forecasts/s throughout, 0 failed;" \
     "ingestion: $acked acknowledged (all in the database), $unavailable answered 503 with Retry-After while down," \
     "recovered without a restart"
