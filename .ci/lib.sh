# Shared by the CI scripts that run the packaged service: source it from the project root.
# SERVICE names the command (the native executable, say); the packaged jar by default.
read -ra SERVICE <<< "${SERVICE:-java -jar target/quarkus-app/quarkus-run.jar}"

# wait_ready PORT LOG [SECONDS]: until /q/health/ready answers 200; else the log's tail and a failure
wait_ready() {
  local deadline=$(( $(date +%s) + ${3:-180} ))
  until curl -sf -o /dev/null "localhost:$1/q/health/ready"; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail -30 "$2" >&2; echo "${0##*/}: the service on :$1 never became ready" >&2; return 1; }
    sleep 0.2
  done
}

# poll_ready PORT PID LOG: until /q/health/ready answers 200, polled every 2 ms (boot timings); fails with the log's
# tail if the process PID exits first
poll_ready() {
  until curl -sf -o /dev/null "localhost:$1/q/health/ready"; do
    kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; echo "${0##*/}: the service on :$1 exited before it was ready" >&2; return 1; }
    sleep 0.002
  done
}

# wrk_result FILE: requests per second of a wrk report; fails when wrk saw a non-2xx answer or a socket error
wrk_result() {
  ! grep -qE 'Non-2xx|Socket errors' "$1" || { cat "$1" >&2; echo "${0##*/}: requests failed" >&2; return 1; }
  awk '/Requests\/sec/ {printf "%d", $2}' "$1"
}

# past_forecasts PORT SCHEMA COUNT STATIONS TOKEN: COUNT forecasts at distinct past hours of the schema's
# observations (cache misses, every horizon), spread over the comma-separated STATIONS, four at a time; prints the
# answers' status codes and fails on a 5xx (a 422 for an hour without a complete state is an answer)
past_forecasts() {
  local port=$1 schema=$2 count=$3 n=0 first last t iso ids codes
  first=$(psql -qtA -h 127.0.0.1 -U postgres -d test -c "select extract(epoch from min(obs_time))::bigint + 172800 from $schema.observation")
  last=$(psql -qtA -h 127.0.0.1 -U postgres -d test -c "select extract(epoch from max(obs_time))::bigint - 172800 from $schema.observation")
  IFS=, read -ra ids <<< "$4"
  codes=$(while [ $n -lt "$count" ]; do
      t=$(( (first + (n * 7919 * 3600) % (last - first)) / 3600 * 3600 ))
      TZ=UTC printf -v iso '%(%Y-%m-%dT%H:%M:%SZ)T' "$t" # bash's own strftime: no process per forecast
      echo "url = \"localhost:$port/forecast?station=${ids[$(( n % ${#ids[@]} ))]}&horizon=6h,12h,24h,48h&vars=t2m,msl&time=$iso\""
      echo "output = /dev/null"
      n=$((n + 1))
    done | curl -s --no-progress-meter -H "Authorization: Bearer $5" -w '%{http_code}\n' --parallel --parallel-max 4 -K - \
    | sort | uniq -c | awk '{printf "%s%d x %s", (NR > 1 ? ", " : ""), $1, $2}')
  echo "$count forecasts: $codes"
  ! grep -qE 'x (5[0-9][0-9]|000)' <<< "$codes"
}

# unexpected_failures LOG: the failures the service logged with a reference (what a 500 quotes), with their stack
# traces, so a failed check shows the cause before its work directory is removed
unexpected_failures() {
  grep -A 40 'unexpected failure' "$1" | head -120 >&2 || true
}
