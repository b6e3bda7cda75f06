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

# wrk_result FILE: requests per second of a wrk report; fails when wrk saw a non-2xx answer or a socket error
wrk_result() {
  ! grep -qE 'Non-2xx|Socket errors' "$1" || { cat "$1" >&2; echo "${0##*/}: requests failed" >&2; return 1; }
  awk '/Requests\/sec/ {printf "%d", $2}' "$1"
}
