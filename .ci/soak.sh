#!/usr/bin/env bash
# Soak: a steady moderate load for MINUTES (default 2; the documented long run is 30), with live verification and
# a short retention running so that issued_forecast is written and pruned all along. Every 30 s: requests, errors,
# latency p50/p99 of that window, RSS and heap. Fails on any error, on a p99 in the second half more than 3 times
# the first window's after warm-up, on RSS growing more than SLOPE_MIB_PER_MIN (default 8) over the second half
# (the heap's slope is reported: "used" follows the collector's cycles too closely to judge), and on
# issued_forecast holding more rows than the retention allows.
# usage: .ci/soak.sh [MINUTES]   (from the project root, after ./mvnw package; PostgreSQL and Redis local)
#        SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner .ci/soak.sh 30    (the native executable)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-2}
SLOPE_MIB_PER_MIN=${SLOPE_MIB_PER_MIN:-8}
source .ci/lib.sh
command -v wrk >/dev/null || { echo "wrk missing. Fix: sudo apt-get install -y wrk"; exit 1; }
WORK=$(mktemp -d)
PORT=18100
TOKEN=soak-token
cleanup() { kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_soak ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=2
export ANALOGCAST_SECURITY_TOKENS_S_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)
export ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false ANALOGCAST_INDEX_DIRECTORY=$WORK/indices QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1000))
# live verification every 5 s and a 60 s retention: issued_forecast must level off within the run
export ANALOGCAST_VERIFICATION_LIVE_INTERVAL=5s ANALOGCAST_VERIFICATION_LIVE_RETENTION=60s
sql() { psql -qtA -h 127.0.0.1 -U postgres -d test -c "$1"; }
sql "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade" > /dev/null 2>&1
"${SERVICE[@]}" > "$WORK/service.log" 2>&1 &
pid=$!
wait_ready "$PORT" "$WORK/service.log"

# a mix a deployment sees: cached popular forecasts, uncached ones for past hours (recorded as issued forecasts),
# health; each connection waits 4 ms between requests, so the load stays moderate (a few hundred per second)
cat > "$WORK/mix.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local kind = counter % 10
  if kind < 6 then
    return wrk.format("GET", "/forecast?horizon=24h&vars=t2m,u10,v10")
  elseif kind < 9 then
    local hour = os.date("!%Y-%m-%dT%H:00:00Z", 1514764800 + 3600 * (24 + (counter * 7) % 16000))
    return wrk.format("GET", "/forecast?horizon=6h,24h&vars=t2m,msl&time=" .. hour)
  end
  return wrk.format("GET", "/health")
end
delay = function() return 4 end
done = function(summary, latency, requests)
  io.write(string.format("window %d %d %d %.1f %.1f\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
heap() { curl -s "localhost:$((PORT + 1000))/metrics" | awk '/^jvm_memory_used_bytes[{]area="heap"/ {s += $NF} END {printf "%d", s / 1048576}'; }
rss() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status"; }
windows=$(( MINUTES * 2 ))
echo "soak: $MINUTES min, $windows windows of 30 s (requests, errors, p50 ms, p99 ms, RSS MiB, heap MiB, issued_forecast rows)"
: > "$WORK/samples"
for w in $(seq 1 "$windows"); do
  line=$(wrk -t2 -c4 -d30s -s "$WORK/mix.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT" | grep '^window')
  read -r _ requests errors _ p50 p99 <<< "$line"
  rows=$(sql "select count(*) from $ANALOGCAST_DB_SCHEMA.issued_forecast")
  sample="$w $requests $errors $p50 $p99 $(rss) $(heap) $rows"
  echo "$sample" >> "$WORK/samples"
  echo "soak: window $sample"
done
python3 - "$WORK/samples" "$SLOPE_MIB_PER_MIN" <<'PY'
import sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
limit = float(sys.argv[2])
errors = sum(r[2] for r in rows)
requests = sum(r[1] for r in rows)
half = rows[len(rows) // 2:]
def slope(column):  # MiB per minute, least squares over the second half (30 s windows)
    xs = [r[0] / 2 for r in half]; ys = [r[column] for r in half]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 0.0 if den == 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den
reference = rows[1][4] if len(rows) > 2 else rows[0][4]   # p99 after the first (warm-up) window
worst = max(r[4] for r in half)
rss_slope, heap_slope = slope(5), slope(6)
print(f"soak: {int(requests)} requests ({requests / (len(rows) * 30):.0f}/s), {int(errors)} errors; p99 {reference:.1f} ms"
      f" after warm-up, worst {worst:.1f} ms in the second half; RSS {rss_slope:+.1f} MiB/min, heap {heap_slope:+.1f}"
      f" MiB/min over the second half; issued_forecast {int(rows[-1][7])} rows at the end")
problems = []
if errors: problems.append("errors")
if worst > 3 * max(reference, 1.0): problems.append("p99 grew more than 3 times")
if rss_slope > limit: problems.append("RSS keeps growing")
sys.exit("soak: FAILED: " + ", ".join(problems) if problems else 0)
PY
# retention 60 s and scoring every 5 s: at most about 90 s of issued forecasts may be in the table
rate=$(awk '{n += $2} END {printf "%d", n / (NR * 30)}' "$WORK/samples")
rows=$(tail -1 "$WORK/samples" | awk '{print $8}')
[ "$rows" -le $(( rate * 2 * 90 + 1000 )) ] || { echo "soak: issued_forecast holds $rows rows: the retention does not bound it"; exit 1; }
grep -q 'older than PT1M' "$WORK/service.log" || { echo "soak: nothing was pruned"; exit 1; }
