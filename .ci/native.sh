#!/usr/bin/env bash
# The native executable of the production service: installs the stand-in native-image toolchain from
# ../shared/tools/native-image when it is missing (no GraalVM download is possible here), builds with -Pnative
# and runs the packaged-service integration tests (*IT) against the executable. Run from the project root.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${NATIVE_IMAGE_PREFIX:-/opt/native-image-toolchain}
TEMURIN=/usr/lib/jvm/temurin-25-jdk-amd64
[ -d "$TEMURIN" ] || { echo "native: Temurin 25 is missing at $TEMURIN (the builder needs JVMCI)"; exit 1; }
if [ ! -x "$PREFIX/bin/native-image" ]; then
  # our own native build below is the real test of the toolchain: skip its hello-world self-test
  SKIP_SELFTEST=1 bash ../shared/tools/native-image/install.sh "$PREFIX" | tail -2
fi
psql -q -h 127.0.0.1 -U postgres -d test -c 'drop schema if exists analogcast_it cascade'
start=$(date +%s)
# surefire's unit tests already ran in JVM mode; here only the build and the integration tests
JAVA_HOME=$TEMURIN ./mvnw -B verify -Pnative -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dquarkus.native.graalvm-home="$PREFIX" > target/native-build.log 2>&1 \
  || { grep -E 'ERROR|Tests run|FAIL' target/native-build.log | tail -30; echo "native: build or integration tests FAILED"; exit 1; }
grep -E 'Finished generating|Tests run: [0-9]+, Failures' target/native-build.log | tail -2
runner=$(ls target/*-runner)
echo "native: $runner, $(( $(stat -c %s "$runner") / 1000000 )) MB, built and tested in $(( $(date +%s) - start )) s"
