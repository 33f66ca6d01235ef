-- Replays a list of requests ("path<TAB>token" per line) round-robin, each
-- thread from its own offset, and reports JSON on stdout when done:
-- requests, duration, latency percentiles, socket errors and 5xx answers.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local path, token = line:match("([^\t]+)\t([^\t]+)")
    requests[#requests + 1] = wrk.format("GET", path, {
      ["Authorization"] = "Bearer " .. token,
      ["Accept"] = "application/json",
    })
  end
  position = (id * 7919) % #requests
  server_errors = 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do
    server = server + thread:get("server_errors")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "socket_errors": %d, "server_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, server))
end
