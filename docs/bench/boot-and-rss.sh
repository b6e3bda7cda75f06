#!/usr/bin/env bash
# Boot time to ready and RSS after a warm-up of the packaged JVM service, with a prebuilt index build (building
# off) and building at boot, on the demo data and on the Beijing sites (4 years and the last year only).
# Usage (from the project root, PostgreSQL on 127.0.0.1:5432 with database test, after ./mvnw package -DskipTests):
#   docs/bench/boot-and-rss.sh [demo|beijing|beijing-1y ...]     (default: all three)
#   SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner docs/bench/boot-and-rss.sh ...   (the native executable)
#   SERVICE="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar target/quarkus-app/quarkus-run.jar" AOT_CACHE=target/app.aot ...
#       (JDK 25 with an AOT cache made by a training run of the same warm-up first)
# WARMUP=N forecasts before RSS is read (default 1000); PREBUILT_ONLY=1 skips the runs that build at boot.
# Prints one Markdown table row per measurement. Uses schemas analogcast_bench_* and a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${APP:-target/quarkus-app/quarkus-run.jar}
# the command that runs the service (JVM by default; the native executable takes the same -D options)
SERVICE=${SERVICE:-java -jar $APP}
source .ci/lib.sh
PORT=${PORT:-18080}
WARMUP=${WARMUP:-1000}
DATA=../shared/data/beijing-multisite-2013-2017.csv.gz
TOKEN=bench-token
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_SECURITY_TOKENS_BENCH_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
export ANALOGCAST_SECURITY_TOKENS_BENCH_ROLE=admin
JAVA_OPTS=(-Danalogcast.security.rate-limit.enabled=false -Danalogcast.cache.redis.enabled=false
           -Danalogcast.forecast.record-issued=false -Danalogcast.verification.live.interval=0)
sql() { psql -qtA -h 127.0.0.1 -U postgres -d test -c "$1"; }
now_ms() { date +%s%3N; }

# measure LABEL INDEX_DIR BUILD_ON_BOOT STATIONS: launch, poll readiness, warm up, read RSS, stop
measure() {
  local label=$1 dir=$2 build=$3 stations=$4 start ready pid rss
  start=$(now_ms)
  "${SERVICE[0]}" "${JAVA_OPTS[@]}" -Dquarkus.http.port="$PORT" -Dquarkus.management.port=$((PORT + 1000)) -Danalogcast.index.directory="$dir" \
       -Danalogcast.index.build-on-boot="$build" "${SERVICE[@]:1}" > "$WORK/service.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "localhost:$PORT/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "service died:"; tail -20 "$WORK/service.log"; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  # warm-up: forecasts at distinct past hours (cache misses, every horizon), spread over the stations
  past_forecasts "$PORT" "$ANALOGCAST_DB_SCHEMA" "$WARMUP" "$stations" "$TOKEN" > "$WORK/warmup.log" \
    || { cat "$WORK/warmup.log"; tail -20 "$WORK/service.log"; exit 1; }
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  # file-backed: the executable's code and image heap, the mapped libraries (page cache other processes can share)
  local file=$(awk '/RssFile/ {print int($2 / 1024)}' "/proc/$pid/status")
  local heap=$(curl -sf "localhost:$((PORT + 1000))/q/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s += $NF} END {print int(s / 1048576)}')
  local offheap=$(curl -sf "localhost:$((PORT + 1000))/q/metrics" | awk '/^analogcast_index_mapped_bytes/ {s += $NF} END {print int(s / 1048576)}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %s | %s | %d ms | %d MiB | %d MiB | %d MiB | %d MiB |\n' "$label" \
    "$( [ "$build" = true ] && echo building || echo prebuilt)" "$ready" "$rss" "$file" "$heap" "$offheap"
}

# dataset SCHEMA: prepares the data and a prebuilt index build, then measures both ways
dataset() {
  local name=$1 schema=analogcast_bench_${1//-/_}
  export ANALOGCAST_DB_SCHEMA=$schema
  sql "drop schema if exists $schema cascade"
  case $name in
    demo) export ANALOGCAST_DATA_SOURCE=demo ;;
    beijing|beijing-1y)
      export ANALOGCAST_DATA_SOURCE=none
      "${SERVICE[@]}" import beijing-csv "$DATA" > "$WORK/import.log" 2>&1
      [ "$name" = beijing-1y ] && sql "delete from $schema.observation where obs_time < '2016-03-01'" ;;
  esac
  local t0=$(now_ms)
  "${SERVICE[0]}" "${JAVA_OPTS[@]}" -Danalogcast.index.directory="$WORK/$name-prebuilt" "${SERVICE[@]:1}" build-index \
       > "$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
  local built=$(( $(now_ms) - t0 ))
  local stations=$(sql "select string_agg(id, ',') from $schema.station")
  local years=$(sql "select round((extract(epoch from max(obs_time) - min(obs_time)) / 31557600)::numeric, 1) from $schema.observation")
  local rows=$(sql "select count(*) from $schema.observation")
  echo "<!-- $name: $rows observations, $years years, build-index took $built ms -->"
  local label="$name ($years y, $(tr ',' '\n' <<< "$stations" | wc -l) stations)"
  if [ -n "${AOT_CACHE:-}" ]; then
    # a training run with the same warm-up writes the JDK's AOT cache at exit; the measured runs must use it
    JAVA_OPTS+=(-XX:AOTCacheOutput="$AOT_CACHE")
    echo "<!-- training run: $(measure "$label" "$WORK/$name-prebuilt" false "$stations") -->"
    unset 'JAVA_OPTS[-1]'
    JAVA_OPTS+=(-XX:AOTCache="$AOT_CACHE" -XX:AOTMode=on)
  fi
  measure "$label" "$WORK/$name-prebuilt" false "$stations"
  [ -n "${PREBUILT_ONLY:-}" ] || measure "$label" "$WORK/$name-building" true "$stations"
}

echo "| data | indices | launch to ready | RSS after $WARMUP forecasts | of which file-backed | heap used | FAISS + sidecars off-heap |"
echo "|---|---|---|---|---|---|---|"
for d in "${@:-demo beijing beijing-1y}"; do
  for name in $d; do dataset "$name"; done
done
