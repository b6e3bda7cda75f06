-- wrk script of docs/bench/load-test.sh. Environment: LOAD_PATH (path and query), LOAD_TOKEN, LOAD_OUT (a file the
-- summary line is appended to), LOAD_LABEL; LOAD_UNCACHED=1 adds &time= with a distinct past hour to every request:
-- hours LOAD_LAST_EPOCH - n * 3600 for n along a stride of 7919 through LOAD_SPAN_HOURS, each thread on its own part.
-- LOAD_STATIONS (comma-separated ids) adds &station=, the stations taken in turn.
local path = os.getenv("LOAD_PATH")
local token = os.getenv("LOAD_TOKEN")
local uncached = os.getenv("LOAD_UNCACHED") == "1"
local last = tonumber(os.getenv("LOAD_LAST_EPOCH") or "0")
local span = tonumber(os.getenv("LOAD_SPAN_HOURS") or "1")
local stations = {}
for station in string.gmatch(os.getenv("LOAD_STATIONS") or "", "[^,]+") do
  table.insert(stations, station)
end
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local n = 0
function init(args)
  n = id * 1000003
  wrk.headers["Authorization"] = "Bearer " .. token
end

local sent = 0
function request()
  sent = sent + 1
  local target = path
  if #stations > 0 then
    target = target .. "&station=" .. stations[(id + sent) % #stations + 1]
  end
  if not uncached then
    return wrk.format("GET", target)
  end
  n = n + 1
  local hours_back = 48 + (n * 7919) % span
  local t = os.date("!%Y-%m-%dT%H:00:00Z", last - hours_back * 3600)
  return wrk.format("GET", target .. "&time=" .. t)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout + errors.status
  local line = string.format(
    '{"label":"%s","requests":%d,"seconds":%.3f,"failed":%d,"status_errors":%d,"p50_us":%d,"p95_us":%d,' ..
    '"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    os.getenv("LOAD_LABEL"), summary.requests, summary.duration / 1e6, failed, errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean)
  local out = io.open(os.getenv("LOAD_OUT"), "a")
  out:write(line)
  out:close()
end
