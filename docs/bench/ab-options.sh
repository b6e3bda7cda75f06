#!/usr/bin/env bash
# Server CPU per request of a service under two sets of options (or two builds of it), alternated ROUNDS times in
# one run (this shared machine drifts between runs: compare within a run only): each start gets WARMUP of load, then
# DURATION measured with wrk -t2 -c50 on compare.sh's uncached scenarios (the local cache off, Redis off: every
# forecast computed), or its cached ones with CACHED=1 (each forecast computed once, then served from the cache).
# Usage (from the project root; the service's database settings in the environment, a build already published):
#   docs/bench/ab-options.sh "OPTIONS A" "OPTIONS B"
#   SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner docs/bench/ab-options.sh "..." "..."     (the native executable)
#   SERVICE=/tmp/before/analogcast-runner SERVICE_B=target/analogcast-0.1.0-SNAPSHOT-runner docs/bench/ab-options.sh "" ""
# SERVICE's first word takes the options (java, or the native executable), then the rest of it; SERVICE_B, when
# given, runs the B options instead (a second build). ROUNDS (2), WARMUP (40s: a settled JIT), DURATION (10s).
# Prints one Markdown row per round, scenario and option set, with the resident set (VmRSS) at ready and after the
# scenario.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
PORT=${PORT:-18137}
TOKEN=bench-token
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk > /dev/null || { echo "wrk missing. Fix: sudo apt-get install -y wrk" >&2; exit 1; }
[ $# -eq 2 ] || { echo "usage: $0 \"OPTIONS A\" \"OPTIONS B\"" >&2; exit 2; }
read -ra SERVICE_B <<< "${SERVICE_B:-${SERVICE[*]}}"
if [ "${CACHED:-0}" = 1 ]; then
  CACHE_OPTIONS=""
  SCENARIOS=("cached 24h|forecast?horizon=24h&vars=t2m,u10,v10" "cached 6h|forecast?horizon=6h&vars=t2m" "/health|health")
else
  CACHE_OPTIONS="-Danalogcast.cache.local-max-entries=0"
  SCENARIOS=("uncached 24h|forecast?horizon=24h&vars=t2m,u10,v10" "uncached 6h|forecast?horizon=6h&vars=t2m")
fi
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
echo "| round | options | scenario | req/s | server CPU us/request | RSS MiB at ready, after |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for label in A B; do
    if [ $label = A ]; then options=$1; service=("${SERVICE[@]}"); else options=$2; service=("${SERVICE_B[@]}"); fi
    # shellcheck disable=SC2086 # the option sets are word lists
    "${service[0]}" -Dquarkus.http.port=$PORT -Danalogcast.security.rate-limit.enabled=false \
      $CACHE_OPTIONS -Danalogcast.cache.redis.enabled=false \
      -Danalogcast.security.tokens.bench.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
      -Danalogcast.security.tokens.bench.role=user $options "${service[@]:1}" > "$WORK/service.log" 2>&1 &
    pid=$!
    wait_ready $PORT "$WORK/service.log"
    ready_rss=$(rss_mib $pid)
    for scenario in "${SCENARIOS[@]}"; do
      url="http://127.0.0.1:$PORT/${scenario#*|}"
      wrk -t2 -c50 -d"${WARMUP:-40s}" -H "Authorization: Bearer $TOKEN" "$url" > /dev/null
      before=$(cpu_ticks $pid)
      wrk -t2 -c50 -d"${DURATION:-10s}" -H "Authorization: Bearer $TOKEN" "$url" > "$WORK/wrk.txt"
      after=$(cpu_ticks $pid)
      rate=$(wrk_result "$WORK/wrk.txt")
      requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
      echo "| $round | $label: ${service[0]} ${options:-} | ${scenario%%|*} | $rate | $(( (after - before) * 10000 / requests )) | $ready_rss, $(rss_mib $pid) |"
    done
    kill $pid; wait $pid 2>/dev/null || true
  done
done
