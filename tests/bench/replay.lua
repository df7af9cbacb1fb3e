-- wrk script: replays the requests listed in a file, in turn, and prints the run as JSON.
-- Each line of the file is METHOD<TAB>PATH<TAB>BODY<TAB>Header: value<TAB>Header: value...
-- Usage: wrk ... -s replay.lua http://127.0.0.1:PORT -- requests.tsv

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local lines = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(lines, line)
    end
  end
  requests = {}
  for _, line in ipairs(lines) do
    local fields = {}
    for value in (line .. "\t"):gmatch("([^\t]*)\t") do
      table.insert(fields, value)
    end
    local headers = {}
    for i = 4, #fields do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      if name then
        headers[name] = value
      end
    end
    local body = nil
    if fields[3] ~= "" then
      body = fields[3]
    end
    table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
  end
  -- Threads start at different places in the list, so they do not send the same requests.
  index = math.floor(#requests * ((id * 0.618) % 1)) % #requests
  ok, redirects, client_errors, server_errors = 0, 0, 0, 0
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  if status < 300 then
    ok = ok + 1
  elseif status < 400 then
    redirects = redirects + 1
  elseif status < 500 then
    client_errors = client_errors + 1
  else
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local counts = { ok = 0, redirects = 0, client_errors = 0, server_errors = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + (thread:get(name) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "non_2xx_3xx": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "ok": %d, "redirects": %d, "client_errors": %d, '
      .. '"server_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.timeout, e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, counts.ok, counts.redirects,
    counts.client_errors, counts.server_errors
  ))
end
