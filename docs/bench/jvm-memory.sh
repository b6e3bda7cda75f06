#!/usr/bin/env bash
# RSS of the production service under a set of JVM options, after load: PostgreSQL on 127.0.0.1:5432 (database test,
# schema analogcast_rss unless ANALOGCAST_DB_SCHEMA names another), demo data, Redis tier off, building off after the first run; 10 s each of wrk -t2 -c50 on
# uncached 24h and 6h forecasts (distinct past hours), cached 24h, /health and uncached 24h again, then RSS and the
# JVM's committed heap and non-heap. Prints one Markdown table row.
# Usage (from the project root, after ./mvnw -B package -DskipTests):
#   docs/bench/jvm-memory.sh "LABEL" "JVM OPTIONS"
#   MALLOC_ARENA_MAX=2 docs/bench/jvm-memory.sh shipped "-XX:MaxRAM=768m -XX:MaxRAMPercentage=15 -XX:+UseSerialGC ... -XX:TrimNativeHeapInterval=2000"
#   NMT=1 docs/bench/jvm-memory.sh ... "-XX:NativeMemoryTracking=summary ..."   (adds the native memory summary, RSS by kind and the thread count)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 docs/bench/jvm-memory.sh ...   (another JDK: the JVM image's is 25)
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${APP:-target/quarkus-app/quarkus-run.jar}
PORT=${PORT:-18133}
D=${DURATION:-10s}
TOKEN=bench-token
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=${ANALOGCAST_DB_SCHEMA:-analogcast_rss} ANALOGCAST_DATA_SOURCE=demo
JDK_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}
log=$(mktemp)
# shellcheck disable=SC2086 # the options are words
"${JDK_BIN}java" $2 -Dquarkus.http.port=$PORT -Dquarkus.management.port=$((PORT + 1000)) -Danalogcast.security.rate-limit.enabled=false -Danalogcast.cache.redis.enabled=false \
  -Danalogcast.security.tokens.bench.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
  -Danalogcast.security.tokens.bench.role=admin -Danalogcast.index.directory=target/jvm-memory-indices \
  -jar "$APP" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
until curl -sf -o /dev/null "localhost:$PORT/q/health/ready"; do
  kill -0 $pid 2>/dev/null || { tail -20 "$log"; exit 1; }
  sleep 0.2
done
state=$(curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/forecast?horizon=6h&vars=t2m" \
  | sed -E 's/.*"state_time":"([^"]+)".*/\1/')
export LOAD_LAST_EPOCH=$(date -d "$state" +%s) LOAD_SPAN_HOURS=40000 LOAD_TOKEN=$TOKEN LOAD_OUT=/dev/null
run() { LOAD_LABEL=$1 LOAD_PATH=$2 LOAD_UNCACHED=$3 wrk -t2 -c50 -d"$D" --timeout 10s -s docs/bench/load-test.lua \
  "http://127.0.0.1:$PORT" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
F24='/forecast?horizon=24h&vars=t2m,u10,v10'
u24=$(run u24 "$F24" 1); u6=$(run u6 '/forecast?horizon=6h&vars=t2m' 1); c24=$(run c24 "$F24" 0)
health=$(run health /health 0); again=$(run u24 "$F24" 1)
metric() { curl -sf "localhost:$((PORT + 1000))/q/metrics" | awk -v m="jvm_memory_committed_bytes{area=\"$1\"" 'index($0, m) == 1 {s += $NF} END {print int(s / 1048576)}'; }
echo "| $1 | $u24 | $u6 | $c24 | $health | $again | $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status) MiB | $(metric heap), $(metric nonheap) MiB |"
[ -z "${NMT:-}" ] || { "${JDK_BIN}jcmd" $pid VM.native_memory summary | grep -E '^-|committed='
  grep -E '^(RssAnon|RssFile|RssShmem|Threads)' /proc/$pid/status; }
