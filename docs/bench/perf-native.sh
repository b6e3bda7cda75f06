#!/usr/bin/env bash
# Where the native executable's CPU goes under each of compare.sh's scenarios (docs/performance.md, "Profiles"):
# the executable is started as compare.sh starts it (rate limit off, a bench token; the uncached scenarios with the
# local forecast cache off), loaded with wrk -t2 -c50 for WARMUP, then `perf record` samples it for SECONDS under the
# same load. Prints, per scenario, the requests/s under the profiler, each part of the service's share of the samples
# (a sample counts once, for the part that owns the frame nearest its leaf) and the TOP symbols by their own share of
# the samples (perf report --no-children); the perf.data files stay in OUT.
# The executable must keep its symbols and frame pointers, or every Java method is one symbol:
#   ./mvnw -B package -Pnative -DskipTests -Dquarkus.native.graalvm-home=/opt/native-image-toolchain \
#     '-Dquarkus.native.additional-build-args-append=-H:-DeleteLocalSymbols,-H:+PreserveFramePointer'
# Usage (from the project root, with the ANALOGCAST_* settings of a served build in the environment, as for
# compare.sh in docs/performance.md): APP=target/analogcast-0.1.0-SNAPSHOT-runner docs/bench/perf-native.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
APP=${APP:?APP=path to the native executable built with symbols}
OPTS=${OPTS:--Xmx192m}
PORT=${PORT:-18135}
WARMUP=${WARMUP:-5s}
SECONDS_SAMPLED=${SECONDS_SAMPLED:-10}
TOP=${TOP:-15}
OUT=${OUT:-target/perf-native}
TOKEN=perf-token-0123456789
command -v perf > /dev/null || { echo "perf-native: perf is missing: apt-get install -y linux-perf"; exit 1; }
command -v wrk > /dev/null || { echo "perf-native: wrk is missing: apt-get install -y wrk"; exit 1; }
mkdir -p "$OUT"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; true' EXIT
F24='forecast?horizon=24h&vars=t2m,u10,v10'
F6='forecast?horizon=6h&vars=t2m'

start() { # extra options of the executable
  # shellcheck disable=SC2086 # the options are words
  "$APP" -Danalogcast.security.rate-limit.enabled=false -Dquarkus.http.port=$PORT -Dquarkus.management.port=$((PORT + 1000)) \
    -Danalogcast.security.tokens.perf.sha256="$(printf %s $TOKEN | sha256sum | cut -d' ' -f1)" \
    -Danalogcast.security.tokens.perf.role=admin "$@" $OPTS > "$OUT/service.log" 2>&1 &
  pid=$!
  wait_ready $PORT "$OUT/service.log" 60
}
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=""; }

profile() { # NAME PATH
  local url="http://127.0.0.1:$PORT/$2"
  wrk -t2 -c50 -d"$WARMUP" -H "Authorization: Bearer $TOKEN" "$url" > /dev/null
  wrk -t2 -c50 -d"$((SECONDS_SAMPLED + 2))s" -H "Authorization: Bearer $TOKEN" "$url" > "$OUT/$1.wrk" &
  local load=$!
  sleep 1
  perf record -q -F 999 -g -p $pid -o "$OUT/$1.data" -- sleep "$SECONDS_SAMPLED" 2> /dev/null
  wait $load
  echo "### $1: $(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/$1.wrk") requests/s under the profiler"
  echo
  perf script -i "$OUT/$1.data" -F ip,sym,dso 2> /dev/null | python3 -c "$PARTS" "$OWN"
  echo
  echo '| self % | symbol |'
  echo '|---|---|'
  perf report -i "$OUT/$1.data" --stdio --no-children --sort symbol -g none 2> /dev/null \
    | awk -v top="$TOP" '/^ +[0-9.]+%/ && n < top { share = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); sub(/[ -]+$/, "");
        gsub(/\|/, "\\|"); printf "| %s | `%s` |\n", share, substr($0, 1, 110); n++ }'
  echo
}

# parts of the service: each sample goes to the part of the frame nearest its leaf that belongs to one (a String
# method called by Jackson counts for JSON; the event loop's own frames for Vert.x). Native symbols are
# Class_method_hash without packages: the service's own classes are told by the names of its source files.
OWN=$(find src/main/java -name '*.java' -printf '%f\n' | sed 's/\.java$//' | sort -u | paste -sd'|')
PARTS='
import re, sys
own = sys.argv[1]
parts = [
    ("FAISS search (libfaiss, OpenBLAS)", r"faiss::|sgemm|blas"),
    ("garbage collection", r"^(GCImpl|GreyToBlack|AlignedChunkRememberedSet|YoungGeneration|OldGeneration|HeapChunk|CardTable)"),
    ("method handles (interpreted in a native image)", r"^(MethodHandle|LambdaForm|Invokers)"),
    ("JSON (Jackson)", r"Json|Serializer|ObjectWriter|ObjectMapper"),
    ("Micrometer", r"Micrometer|MeterRegistry|^(Timer|Counter|Meter|Tags|Tag)[_$]"),
    ("the service (io.analogcast)", r"^(" + own + r")[_$]"),
    ("RESTEasy Reactive", r"ResteasyReactive|RestHandler|ServerRestHandler|RestInitialHandler|ResteasyReactiveRequestContext"),
    ("CDI (Arc: proxies, contexts, interceptors)", r"ClientProxy|InvocationContext|Interceptor|ContextState|ArcContainer|CurrentContext|Arc_"),
    ("Vert.x and Netty", r"Routing|Channel|Http1x|Vertx|Netty|EventLoop|Http|Buffer|ByteBuf|Future|Promise|Context"),
]
names = [n for n, _ in parts] + ["kernel (sockets, scheduler, interrupts)", "other (JDK, threads, libc)"]
counts = dict.fromkeys(names, 0)
total, stack = 0, []
def flush():
    global total, stack
    if not stack:
        return
    total += 1
    if "kernel" in stack[0][1]:
        counts[names[-2]] += 1
    else:
        for symbol, _ in stack:
            hit = next((n for n, p in parts if re.search(p, symbol)), None)
            if hit:
                counts[hit] += 1
                break
        else:
            counts[names[-1]] += 1
    stack = []
for line in sys.stdin:
    fields = line.split()
    if not fields:
        flush()
    elif len(fields) >= 3:
        stack.append((fields[1], fields[-1]))
flush()
print("| part (nearest the leaf) | % of samples |\n|---|---|")
for name in names:
    print("| %s | %.1f |" % (name, 100.0 * counts[name] / max(total, 1)))
'
start
profile cached-24h "$F24"
profile cached-6h "$F6"
profile health health
profile live q/health/live
stop
start -Danalogcast.cache.local-max-entries=0
profile uncached-24h "$F24"
profile uncached-6h "$F6"
stop
