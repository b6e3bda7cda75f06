-- wrk script of docs/bench/network.sh: uncached 24h forecasts (a distinct past hour per request) for stations drawn
-- from a network of NET_STATIONS synthetic stations (adelaide-synthetic, synthetic-002, ...), one year each.
-- NET_MODE: uniform (every station alike), zipf (popularity falling as 1/rank^NET_ZIPF_S, rank 1 the most asked),
-- hot (the first NET_HOT stations alike: a working set that fits the open-station bound).
-- NET_TOKEN, NET_LAST_EPOCH (newest state), NET_OUT (a file the summary line is appended to), NET_LABEL.
local stations = tonumber(os.getenv("NET_STATIONS"))
local mode = os.getenv("NET_MODE") or "uniform"
local hot = tonumber(os.getenv("NET_HOT") or "100")
local s = tonumber(os.getenv("NET_ZIPF_S") or "1.1")
local last = tonumber(os.getenv("NET_LAST_EPOCH"))
local token = os.getenv("NET_TOKEN")
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local cdf = {}
local n = 0
function init(args)
  math.randomseed(1000003 * (id + 1))
  wrk.headers["Authorization"] = "Bearer " .. token
  if mode == "zipf" then
    local total = 0
    for rank = 1, stations do
      total = total + 1 / rank ^ s
      cdf[rank] = total
    end
    for rank = 1, stations do
      cdf[rank] = cdf[rank] / total
    end
  end
end

local function station_id(number)
  if number == 1 then
    return "adelaide-synthetic"
  end
  return string.format("synthetic-%03d", number)
end

local function pick()
  if mode == "hot" then
    return math.random(1, math.min(hot, stations))
  elseif mode == "zipf" then
    local u, lo, hi = math.random(), 1, stations
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    return lo
  end
  return math.random(1, stations)
end

function request()
  n = n + 1
  -- hours 2 days to 300 days before the newest state: their outcomes are in the library, none is cached
  local hours_back = 48 + (id * 1000003 + n * 7919) % 7000
  local t = os.date("!%Y-%m-%dT%H:00:00Z", last - hours_back * 3600)
  return wrk.format("GET", "/forecast?station=" .. station_id(pick()) .. "&horizon=24h&vars=t2m,u10,v10&time=" .. t)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout + errors.status
  local out = io.open(os.getenv("NET_OUT"), "a")
  out:write(string.format('{"label":"%s","requests":%d,"seconds":%.3f,"failed":%d,"p50_us":%d,"p99_us":%d}\n',
    os.getenv("NET_LABEL"), summary.requests, summary.duration / 1e6, failed, latency:percentile(50),
    latency:percentile(99)))
  out:close()
end
