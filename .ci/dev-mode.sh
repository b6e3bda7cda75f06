#!/usr/bin/env bash
# Dev mode (README: ./mvnw quarkus:dev): it starts on the embedded defaults and serves forecasts; a change to a Java
# source is live-reloaded, and the restarted application still searches FAISS (the JNI library rebinds to the new
# class loader). The source is restored afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

port=18095
log=$(mktemp)
source_file=src/main/java/io/analogcast/analog/Horizon.java
backup=$(mktemp)
cp "$source_file" "$backup"
setsid ./mvnw -B quarkus:dev -Ddebug=false -Dquarkus.http.port=$port > "$log" 2>&1 < /dev/null &
dev=$!
cleanup() {
  cp "$backup" "$source_file"
  kill -- -"$dev" 2>/dev/null || true
  wait "$dev" 2>/dev/null || true
}
trap cleanup EXIT

wait_ready $port "$log" 300
forecast() {
  curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer dev-user-token' \
    "localhost:$port/forecast?horizon=$1&vars=t2m,u10"
}
test "$(forecast 24h)" = 200 || { tail -30 "$log"; echo "dev mode: no forecast"; exit 1; }
echo "dev mode: ready and serving forecasts"

sleep 1 # the change must be newer than the start's compilation, which dev mode compares at second resolution
sed -i 's/is not a horizon; write hours/is not a horizon (live reload); write hours/' "$source_file"
for _ in $(seq 1 30); do
  detail=$(curl -s -H 'Authorization: Bearer dev-user-token' "localhost:$port/forecast?horizon=7x&vars=t2m")
  grep -q 'live reload' <<< "$detail" && break
  sleep 1
done
grep -q 'live reload' <<< "$detail" || { tail -30 "$log"; echo "dev mode: the edited source was not reloaded: $detail"; exit 1; }
test "$(forecast 6h)" = 200 || { tail -30 "$log"; echo "dev mode: no forecast after the reload"; exit 1; }
echo "dev mode: a changed source reloaded ($(grep -c 'Restarting quarkus' "$log") restart) and FAISS searched again"
