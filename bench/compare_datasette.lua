-- Request paths for wrk, read from a file (one per line), for
-- bench/compare_datasette.py:
--
--   wrk -t T -c C -d 20s -s compare_datasette.lua http://127.0.0.1:P -- PATHS OFFSET T [F]
--
-- Thread k of T sends lines OFFSET+k, OFFSET+k+T, OFFSET+k+2T, ... (0-based,
-- wrapping at the end of the file), so within a run no two requests share a line
-- and the next run can start where this one stopped: with a file of distinct
-- queries no server-side cache ever sees a query twice.
-- With F, every 200 answer is read and counted as short unless it holds F facets
-- ('"type": "column"'): Datasette leaves out a facet that ran past its time limit
-- instead of failing, which would make it look faster for doing less.
-- done() prints one line, "WRK_JSON {...}", that the script parses instead of
-- wrk's human-readable summary. "sent" minus "requests" is how many requests
-- were still unanswered when the run ended (wrk counts them nowhere).

local threads = {}
local next_id = 0

-- Runs in wrk's main Lua state once per thread, before that thread's init().
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Runs in each thread's own Lua state; args[1..3] are the words after "--".
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  lines = #paths
  step = tonumber(args[3])
  position = tonumber(args[2]) + id
  sent = 0
  short = 0
  facets = tonumber(args[4] or "0")
  if facets > 0 then
    -- Defined only here: wrk reads response bodies only if this function exists.
    response = count_facets
  end
end

function count_facets(status, headers, body)
  if status ~= 200 then
    return
  end
  local found, from = 0, 1
  while true do
    local _, last = body:find('"type": "column"', from, true)
    if not last then
      break
    end
    found = found + 1
    from = last + 1
  end
  if found < facets then
    short = short + 1
  end
end

function request()
  local path = paths[(position % #paths) + 1]
  position = position + step
  sent = sent + 1
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  -- Every line a thread used lies below its position, so the largest position
  -- is where the next run may start without repeating one.
  local furthest = 0
  local total_sent = 0
  local lines = 0
  local total_short = 0
  for _, thread in ipairs(threads) do
    furthest = math.max(furthest, thread:get("position"))
    total_sent = total_sent + thread:get("sent")
    lines = thread:get("lines")
    total_short = total_short + thread:get("short")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %.0f, "bytes": %.0f, "sent": %d, '
      .. '"next_offset": %d, "lines": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d, "p50_us": %.0f, "p90_us": %.0f, '
      .. '"p99_us": %.0f, "max_us": %.0f, "short": %d}\n',
    summary.requests, summary.duration, summary.bytes, total_sent, furthest,
    lines, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, total_short))
end
