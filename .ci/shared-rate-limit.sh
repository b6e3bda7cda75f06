#!/usr/bin/env bash
# Two instances of the packaged service behind one client: with the rate limit shared through Redis they admit
# the configured burst between them, not once each; with sharing off (the per-pod buckets) they admit it twice.
# usage: .ci/shared-rate-limit.sh   (from the project root, after ./mvnw package; PostgreSQL and Redis local)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
TOKEN=limit-token
BURST=10
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_limits ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=1
export ANALOGCAST_SECURITY_TOKENS_L_SHA256=$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)
export ANALOGCAST_INDEX_DIRECTORY=$WORK/indices ANALOGCAST_SECURITY_RATE_LIMIT_REQUESTS_PER_SECOND=0.01
export ANALOGCAST_SECURITY_RATE_LIMIT_BURST=$BURST
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade" 2> /dev/null
"${SERVICE[@]}" build-index > "$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }

# admitted SHARED: start both instances (a namespace of this round's own), send 3 x burst requests alternating
# between them, print how many were admitted
admitted() {
  local namespace=ci-$$-$1 port
  for port in 18091 18092; do
    ANALOGCAST_SECURITY_RATE_LIMIT_SHARED=$1 ANALOGCAST_SECURITY_RATE_LIMIT_NAMESPACE=$namespace \
      QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$((port + 1000)) ANALOGCAST_INDEX_BUILD_ON_BOOT=false "${SERVICE[@]}" > "$WORK/$port-$1.log" 2>&1 &
    PIDS+=($!)
  done
  for port in 18091 18092; do
    wait_ready "$port" "$WORK/$port-$1.log" || return 1
  done
  local ok=0 i code
  for i in $(seq 1 $(( 3 * BURST ))); do
    port=$(( i % 2 == 0 ? 18091 : 18092 ))
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$port/variables")
    case $code in 200) ok=$((ok + 1)) ;; 429) ;; *) echo "shared-rate-limit: unexpected $code" >&2; return 1 ;; esac
  done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
  echo "$ok"
}
shared=$(admitted true)
separate=$(admitted false)
[ "$shared" -eq "$BURST" ] || { echo "shared-rate-limit: two instances sharing Redis admitted $shared of a burst of $BURST"; exit 1; }
[ "$separate" -eq $(( 2 * BURST )) ] || { echo "shared-rate-limit: per-pod buckets admitted $separate, expected $(( 2 * BURST ))"; exit 1; }
echo "shared-rate-limit: two instances admitted $shared requests of one client between them (burst $BURST, shared" \
     "through Redis); with per-pod buckets they admitted $separate"
