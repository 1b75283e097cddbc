-- wrk script for bench/run.sh: POSTs one telemetry body to /v1/devices/{id}/telemetry, cycling through a
-- pool of provisioned devices, each with its own key in an Authorization header.
--   wrk -s bench/ingest.lua <url> -- <devices file: "deviceId key" per line> <body file>
-- Requests are formatted once in init(); each wrk thread starts at a different place in the pool.
local requests = {}
local n = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  local f = assert(io.open(args[2], "rb"))
  local body = f:read("*a")
  f:close()
  for line in io.lines(args[1]) do
    local id, key = line:match("^(%S+)%s+(%S+)")
    if id then
      requests[#requests + 1] = wrk.format("POST", "/v1/devices/" .. id .. "/telemetry",
        { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
    end
  end
  assert(#requests > 0, "no devices in " .. args[1])
  n = ((offset or 0) * 7919) % #requests
end

function request()
  n = n % #requests + 1
  return requests[n]
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("WRKJSON {\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"non2xx\":%d,\"errors\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"p999_ms\":%.2f}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
