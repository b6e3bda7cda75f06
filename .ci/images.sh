#!/usr/bin/env bash
# Container images, built and run here without a registry (podman, debootstrap, a Debian bookworm minbase):
#   native:  target/*-runner on scratch with only the libraries ldd lists (Containerfile.native);
#   jvm:     target/quarkus-app on Temurin 25 trimmed with jlink (Containerfile.jvm), then the same image with an
#            AOT cache made by a training run of that image (Containerfile.aot).
# Each image runs hardened (read-only root, tmpfs /tmp, user 1001, no capabilities, no new privileges) on a loopback
# port against the local PostgreSQL (host network), is checked with real requests and saved as an OCI archive.
# Prints image sizes, cold-start figures (podman run to first forecast) and req/s over the first 10 seconds.
# usage: .ci/images.sh jvm|native   (from the project root, after the matching ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
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
  jvm)
    test -f target/quarkus-app/quarkus-run.jar || { echo "no target/quarkus-app: run ./mvnw package first"; exit 1; }
    # the Java runtime of the image: the host's Temurin 25, trimmed to the modules the service uses
    jdk=/usr/lib/jvm/temurin-25-jdk-amd64
    [ -x "$jdk/bin/jlink" ] || { echo "images: Temurin 25 is missing at $jdk (the JVM image's runtime is jlinked from it)"; exit 1; }
    rm -rf target/jre
    "$jdk/bin/jlink" --add-modules "$(cat src/main/docker/java-modules.txt)" --strip-debug --no-man-pages \
      --no-header-files --output target/jre
    build_args=(--target runtime-from-host --build-arg JAVA_RUNTIME=host-runtime) ;;
  native)
    ls target/*-runner >/dev/null 2>&1 || { echo "no target/*-runner: run ./mvnw package -Pnative first"; exit 1; }
    build_args=(--build-arg EXECUTABLE=host-executable) ;;
  *) echo "usage: .ci/images.sh jvm|native"; exit 1 ;;
esac
podman build -q -f "src/main/docker/Containerfile.$kind" "${build_args[@]}" --build-arg BASE="$BASE" -t "$IMAGE" . > /dev/null
size_of() { echo "$(( $(podman image inspect "$1" --format '{{.Size}}') / 1000000 )) MB"; }
echo "images: $IMAGE built, $(size_of "$IMAGE")"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-120 > "$OUT/$kind-layers.txt"

# run it hardened against the local PostgreSQL and Redis (host network, loopback port), demo data in its own schema:
# first the build-index command (as a Kubernetes Job would) into a volume, then the service with building off,
# the volume read-only, as a scaled-to-zero pod would start: podman run to first forecast is the cold request
TOKEN=image-admin-token
schema=analogcast_image_$kind
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $schema cascade"
port=$([ "$kind" = jvm ] && echo 18181 || echo 18182)
management_port=$(( port + 1000 )) # metrics: the management interface
indices=$(mktemp -d)
chown 1001 "$indices"
cleanup() {
  podman ps -q --filter "label=analogcast-ci=$$" | xargs -r podman stop -t 10 > /dev/null 2>&1 || true
  rm -rf "$indices" ${aot:+"$aot"}
}
trap cleanup EXIT
hardened=(--rm --label "analogcast-ci=$$" --network host --read-only --tmpfs /tmp --user 1001 --cap-drop ALL --security-opt no-new-privileges
  -e ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test -e ANALOGCAST_DB_USER=postgres
  -e ANALOGCAST_DB_SCHEMA=$schema -e ANALOGCAST_DATA_SOURCE=demo -e ANALOGCAST_DEMO_YEARS=2
  -e QUARKUS_HTTP_PORT=$port -e QUARKUS_MANAGEMENT_PORT=$management_port -e QUARKUS_HTTP_HOST=127.0.0.1 -e ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED=false
  -e ANALOGCAST_SECURITY_TOKENS_CI_SHA256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)"
  -e ANALOGCAST_SECURITY_TOKENS_CI_ROLE=admin)
podman run "${hardened[@]}" -v "$indices:/work/indices" "$IMAGE" build-index > "$OUT/$kind-build-index.log" 2>&1 \
  || { tail -20 "$OUT/$kind-build-index.log"; echo "images: build-index in $IMAGE failed"; exit 1; }
grep -q '^built index' "$OUT/$kind-build-index.log"

api() { curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$port$1"; }
# start IMAGE [ARGUMENTS...]: the service with building off and the volume read-only, with the podman options in
# run_options; waits for its first forecast and prints the container id
run_options=()
start() {
  local image=$1 cid deadline; shift
  cid=$(podman run -d "${hardened[@]}" -v "$indices:/work/indices:ro" -e ANALOGCAST_INDEX_BUILD_ON_BOOT=false \
        "${run_options[@]}" "$image" "$@")
  deadline=$(( $(date +%s) + 180 ))
  until api "/forecast?horizon=24h&vars=t2m" > /dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { podman logs "$cid" | tail -30 >&2; echo "images: $image never answered" >&2; exit 1; }
    sleep 0.05
  done
  echo "$cid"
}
stop() { podman logs "$2" > "$OUT/$1-container.log" 2>&1 || true; podman stop -t 120 "$2" > /dev/null; }

# serve NAME IMAGE: the cold request, the first 10 seconds, the API checks, the OCI archive
serve() {
  local name=$1 image=$2 t0 cid cold rates=()
  t0=$(date +%s%3N)
  cid=$(start "$image")
  cold=$(( $(date +%s%3N) - t0 ))
  echo "images: $image answered its first forecast $cold ms after podman run (prebuilt build on a read-only volume)"
  # what the fresh container serves in its first seconds (JIT still warming on the JVM): the same cached forecast,
  # one wrk second after another, 2 threads and 20 connections on the 2 cores the container shares with wrk
  for second in $(seq 1 10); do
    wrk -t2 -c20 -d1s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/forecast?horizon=24h&vars=t2m,u10,v10" \
      > "$OUT/$name-wrk-$second.txt"
    rates+=("$(wrk_result "$OUT/$name-wrk-$second.txt")")
  done
  echo "images: $image req/s in each of its first 10 seconds after the first forecast: ${rates[*]}"
  # captured before matching: grep -q stops reading at its first match, curl then fails to write (exit 23) under pipefail
  contains() { grep -q -- "$2" <<< "$1" || { echo "images: $3 lacks $2"; exit 1; }; }
  contains "$(api "/forecast?horizon=6h,12h,24h,48h&vars=t2m,msl,wdir&include=analogs")" '"analogs"' forecast
  contains "$(api "/health")" '"status":"UP"' /health
  curl -sf "localhost:$port/q/health/ready" > /dev/null
  contains "$(curl -sf "localhost:$management_port/metrics")" '^analogcast_faiss_search_seconds_count' /metrics
  test "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/forecast")" = 401
  test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$port/forecast?horizon=36h")" = 400
  contains "$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d '{"station": "adelaide-synthetic", "time": "2020-01-01T00:00:00Z", "t2m": 21.5}' "localhost:$port/observations")" \
    '"accepted":1' /observations
  echo "images: $image answers forecasts, health, metrics, ingestion and refuses bad requests (read-only, user 1001, no capabilities); memory $(podman stats --no-stream --format '{{.MemUsage}}' "$cid" 2>/dev/null || echo n/a)"
  stop "$name" "$cid"
  podman save -q --format oci-archive -o "$OUT/analogcast-$name.oci.tar" "$image"
  echo "images: saved $OUT/analogcast-$name.oci.tar ($(( $(stat -c %s "$OUT/analogcast-$name.oci.tar") / 1000000 )) MB)"
}

serve "$kind" "$IMAGE"
[ "$kind" = jvm ] || exit 0

# The JVM image with an AOT cache: a training run of the image itself (the cache fits only the runtime and class
# path that made it) serves cached and uncached forecasts of every horizon, health and metrics, then stops; the JVM
# writes the cache at exit, and Containerfile.aot adds it to the image.
aot=$(mktemp -d)
chown 1001 "$aot"
run_options=(-v "$aot:/aot" --entrypoint java)
t0=$(date +%s)
cid=$(start "$IMAGE" -XX:AOTCacheOutput=/aot/app.aot --enable-native-access=ALL-UNNAMED -jar /work/app/quarkus-run.jar)
echo "images: training: $(past_forecasts "$port" "$schema" 2000 adelaide-synthetic "$TOKEN")"
wrk -t2 -c20 -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/forecast?horizon=24h&vars=t2m,u10,v10" > "$aot/wrk.txt"
wrk_result "$aot/wrk.txt" > /dev/null
for _ in $(seq 1 20); do
  api /health > /dev/null; curl -sf "localhost:$port/q/health/ready" > /dev/null; curl -sf "localhost:$management_port/metrics" > /dev/null
done
stop jvm-training "$cid"
test -s "$aot/app.aot" || { tail -20 "$OUT/jvm-training-container.log"; echo "images: the training run wrote no AOT cache"; exit 1; }
echo "images: AOT cache of $(( $(stat -c %s "$aot/app.aot") / 1000000 )) MB from a training run of $IMAGE in $(( $(date +%s) - t0 )) s"
podman build -q -f src/main/docker/Containerfile.aot --build-arg IMAGE="$IMAGE" -t "$IMAGE-aot" "$aot" > /dev/null
echo "images: $IMAGE-aot built, $(size_of "$IMAGE-aot")"
# AOTMode=on: a cache the runtime cannot map stops the JVM instead of being ignored, so serving proves it was used
run_options=(-e JAVA_TOOL_OPTIONS=-XX:AOTMode=on)
serve jvm-aot "$IMAGE-aot"
