-- Each path of $BENCH_PATHS (one a line) once, for wrk -s: bench/stack_speed.py's
-- uncached case (3). Thread N of $BENCH_THREADS takes paths N, N + threads, ... so no
-- path is asked twice until the list runs out (then it starts again: counted as
-- "wrapped"). At the end one line "bench-counts: KEY=N ..." counts the answers by the
-- app's X-Page-Cache header ("hit", "miss"; "-" for a page it did not keep) and status.

local threads = {}

function setup(thread)
  thread:set("number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  stride = tonumber(os.getenv("BENCH_THREADS"))
  next_index, wrapped, counts = number, 0, {}
end

function request()
  if next_index >= #paths then
    next_index, wrapped = number, wrapped + 1
  end
  local path = paths[next_index + 1]
  next_index = next_index + stride
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local key = (headers["X-Page-Cache"] or "-") .. "_" .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total, wraps = {}, 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + n
    end
    wraps = wraps + thread:get("wrapped")
  end
  io.write("bench-counts: wrapped=" .. wraps)
  for key, n in pairs(total) do
    io.write(" " .. key .. "=" .. n)
  end
  io.write("\n")
end
