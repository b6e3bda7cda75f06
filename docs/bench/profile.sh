#!/usr/bin/env bash
# Where the service's CPU goes under one of compare.sh's loads: async-profiler (Maven Central's
# tools.profiler:async-profiler, fetched by Maven into ~/.m2) attached to the running JVM for a few seconds
# of wrk -t2 -c50, after WARMUP (10 s) of the same load. Prints the requests/s and the frames (inclusive share of the
# CPU samples) matching FRAMES, then /health's cache counters (forecasts computed against look-ups); the collapsed
# stacks stay in OUT for flame-graph tools.
# Usage (from the project root, after the README's embedded build):
#   docs/bench/profile.sh '/forecast?horizon=24h&vars=t2m,u10,v10'
#   JAVA_OPTS=-Danalogcast.cache.local-max-entries=0 docs/bench/profile.sh '/forecast?horizon=24h&vars=t2m,u10,v10'
#   FRAMES='LockSupport.(un)?park|finish_task_switch' docs/bench/profile.sh /health
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
APP=${APP:-target/quarkus-app/quarkus-run.jar}
PORT=${PORT:-18134}
OUT=${OUT:-target/profile.collapsed}
WARM=${WARMUP:-10s}
FRAMES=${FRAMES:-'LockSupport.(un)?park|finish_task_switch|writev$|FaissNative.*search|fvec_L2sqr'}
VERSION=4.0
TOKEN=bench-token
LIB=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar
[ -f "$LIB" ] || ./mvnw -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$VERSION -Dtransitive=false
AGENT=$(mktemp -d)
unzip -q -o "$LIB" 'linux-x64/*' -d "$AGENT"
# the JDK's attach API, as a single-file program (jcmd's JVMTI.agent_load failed here with the agent's code 100)
cat > "$AGENT/Attach.java" <<'EOF'
public class Attach {
    public static void main(String[] args) throws Exception {
        var vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
        vm.loadAgentPath(args[1], args[2]);
        vm.detach();
    }
}
EOF
profiler() { java "$AGENT/Attach.java" $pid "$AGENT/linux-x64/libasyncProfiler.so" "$1"; }
log=$(mktemp)
# shellcheck disable=SC2086 # the options are words
java ${JAVA_OPTS:-} -XX:+EnableDynamicAgentLoading -Dquarkus.http.port=$PORT -Danalogcast.security.rate-limit.enabled=false \
  -Danalogcast.security.tokens.bench.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
  -Danalogcast.security.tokens.bench.role=admin -jar "$APP" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$log" "$AGENT"' EXIT
wait_ready $PORT "$log" 300
load() { wrk -t2 -c50 -d"$1" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$2"; }
load "$WARM" "$1" > /dev/null
load 12s "$1" | awk '/Requests\/sec/ {print "requests/s: " $2}' &
measured=$!
sleep 2
profiler start,event=cpu,interval=200us
sleep 8
profiler "stop,file=$(readlink -f "$OUT"),collapsed"
wait $measured
# inclusive share: a frame counts once per sample whose stack holds it
awk -v frames="$FRAMES" '{
  n = $NF; total += n; sub(/ [0-9]+$/, ""); split($0, f, ";"); delete seen
  for (i in f) if (f[i] ~ frames && !(f[i] in seen)) { seen[f[i]] = 1; share[f[i]] += n }
} END { for (s in share) printf "%5.1f %% %s\n", 100 * share[s] / total, s }' "$OUT" | sort -rn
curl -sf "localhost:$PORT/health" | grep -o '"cache":{[^}]*}'
