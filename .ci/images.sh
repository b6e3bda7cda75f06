#!/usr/bin/env bash
# Container images, built and run here without a registry (podman, debootstrap): the JVM image from
# target/quarkus-app and the native image from target/*-runner, both on a Debian bookworm minbase made with
# debootstrap. The native image is run hardened (read-only root, tmpfs /tmp, user 1001, no capabilities, no new
# privileges) on a loopback port against the local PostgreSQL (host network), checked with real requests, and
# saved as an OCI archive. Prints image sizes and cold-start figures (podman run to first forecast).
# usage: .ci/images.sh jvm|native   (from the project root, after the matching ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: .ci/images.sh jvm|native}
export CONTAINERS_CONF=$PWD/src/main/docker/containers.conf
BASE=localhost/debian:bookworm-minbase
IMAGE=localhost/analogcast:$kind
OUT=${OUT:-target/images}
mkdir -p "$OUT"

need=()
for tool in podman buildah debootstrap runc wrk; do command -v $tool >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "missing ${need[*]}. Fix: sudo apt-get install -y podman buildah skopeo debootstrap runc wrk"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah skopeo debootstrap runc wrk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah skopeo debootstrap runc wrk >/dev/null; }
fi

if ! podman image exists "$BASE"; then
  # the mirror apt already uses on this machine
  # (cat fails on the files a machine does not have: under pipefail that must not end the script)
  mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) \
           | grep -E '^(deb |URIs:)' | grep -oE 'https?://[^ ]+/debian/?( |$)' | sed -n 1p | tr -d ' ')
  [ -n "$mirror" ] || { echo "images: no Debian mirror in /etc/apt/sources*"; exit 1; }
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" "$mirror" > "$OUT/debootstrap.log" 2>&1
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
    "$mirror" "$mirror" "$mirror" > "$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
  tar --numeric-owner -C "$root" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE" >/dev/null
  rm -rf "$root"
  echo "images: base $BASE made with debootstrap"
fi

case $kind in
  jvm) test -f target/quarkus-app/quarkus-run.jar || { echo "no target/quarkus-app: run ./mvnw package first"; exit 1; } ;;
  native) ls target/*-runner >/dev/null 2>&1 || { echo "no target/*-runner: run ./mvnw package -Pnative first"; exit 1; } ;;
esac
podman build -q -f "src/main/docker/Containerfile.$kind" --target runtime-from-host --build-arg BASE="$BASE" \
  -t "$IMAGE" . > /dev/null
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "images: $IMAGE built, $((size / 1000000)) MB"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-120 > "$OUT/$kind-layers.txt"

# run it hardened against the local PostgreSQL and Redis (host network, loopback port), demo data in its own schema:
# first the build-index command (as a Kubernetes Job would) into a volume, then the service with building off,
# the volume read-only, as a scaled-to-zero pod would start: podman run to first forecast is the cold request
TOKEN=image-admin-token
schema=analogcast_image_$kind
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $schema cascade"
port=$([ "$kind" = jvm ] && echo 18181 || echo 18182)
indices=$(mktemp -d)
chown 1001 "$indices"
hardened=(--rm --network host --read-only --tmpfs /tmp --user 1001 --cap-drop ALL --security-opt no-new-privileges
  -e ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test -e ANALOGCAST_DB_USER=postgres
  -e ANALOGCAST_DB_SCHEMA=$schema -e ANALOGCAST_DATA_SOURCE=demo -e ANALOGCAST_DEMO_YEARS=2
  -e QUARKUS_HTTP_PORT=$port -e QUARKUS_HTTP_HOST=127.0.0.1 -e ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false
  -e ANALOGCAST_SECURITY_TOKENS_CI_SHA256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)"
  -e ANALOGCAST_SECURITY_TOKENS_CI_ROLE=admin)
podman run "${hardened[@]}" -v "$indices:/work/indices" "$IMAGE" build-index > "$OUT/$kind-build-index.log" 2>&1 \
  || { tail -20 "$OUT/$kind-build-index.log"; echo "images: build-index in $IMAGE failed"; exit 1; }
grep -q '^built index' "$OUT/$kind-build-index.log"
start=$(date +%s%3N)
cid=$(podman run -d "${hardened[@]}" -v "$indices:/work/indices:ro" -e ANALOGCAST_INDEX_BUILD_ON_BOOT=false "$IMAGE")
trap 'podman logs "$cid" > "$OUT/$kind-container.log" 2>&1 || true; podman stop -t 10 "$cid" >/dev/null 2>&1 || true; rm -rf "$indices"' EXIT
api() { curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$port$1"; }
deadline=$(( $(date +%s) + 180 ))
until api "/forecast?horizon=24h&vars=t2m" > /dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || { podman logs "$cid" | tail -30; echo "images: $IMAGE never answered"; exit 1; }
  sleep 0.05
done
cold=$(( $(date +%s%3N) - start ))
echo "images: $IMAGE answered its first forecast $cold ms after podman run (prebuilt build on a read-only volume)"
# what the fresh container serves in its first seconds (JIT still warming on the JVM): the same cached forecast,
# one wrk second after another, 2 threads and 20 connections on the 2 cores the container shares with wrk
rates=()
for second in $(seq 1 10); do
  wrk -t2 -c20 -d1s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/forecast?horizon=24h&vars=t2m,u10,v10" \
    > "$OUT/$kind-wrk-$second.txt"
  ! grep -q 'Non-2xx' "$OUT/$kind-wrk-$second.txt" || { cat "$OUT/$kind-wrk-$second.txt"; echo "images: failed requests"; exit 1; }
  rates+=("$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/$kind-wrk-$second.txt")")
done
echo "images: $IMAGE req/s in each of its first 10 seconds after the first forecast: ${rates[*]}"
# captured before matching: grep -q stops reading at its first match, curl then fails to write (exit 23) under pipefail
contains() { grep -q -- "$2" <<< "$1" || { echo "images: $3 lacks $2"; exit 1; }; }
contains "$(api "/forecast?horizon=6h,12h,24h,48h&vars=t2m,msl,wdir&include=analogs")" '"analogs"' forecast
contains "$(api "/health")" '"status":"UP"' /health
curl -sf "localhost:$port/q/health/ready" > /dev/null
contains "$(curl -sf "localhost:$port/metrics")" '^analogcast_faiss_search_seconds_count' /metrics
test "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/forecast")" = 401
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$port/forecast?horizon=36h")" = 400
contains "$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"station": "adelaide-synthetic", "time": "2020-01-01T00:00:00Z", "t2m": 21.5}' "localhost:$port/observations")" \
  '"accepted":1' /observations
echo "images: $IMAGE answers forecasts, health, metrics, ingestion and refuses bad requests (read-only, user 1001, no capabilities); memory $(podman stats --no-stream --format '{{.MemUsage}}' "$cid" 2>/dev/null || echo n/a)"
podman save -q --format oci-archive -o "$OUT/analogcast-$kind.oci.tar" "$IMAGE"
echo "images: saved $OUT/analogcast-$kind.oci.tar ($(( $(stat -c %s "$OUT/analogcast-$kind.oci.tar") / 1000000 )) MB)"
