-- The mixed load of bench/stack_speed.py (issue 14, case 4), for wrk -s.
--
-- 99 requests in 100 are GETs spread evenly over the paths in $BENCH_PATHS (one a line:
-- 500 articles and the home page); every 100th is a comment POST to one of the articles
-- in $BENCH_POSTS ("/yorum/ID/ STAMP" a line: a form stamp fetched through the proxy, as
-- a reader's page gets it), as a reader's browser sends it: Origin of the site, a name,
-- an address and a text of its own (the guard refuses a repeated text).
-- $BENCH_ORIGIN: the site's origin; $BENCH_RUN: a word that makes this run's texts new;
-- $BENCH_DELAY_MS: if set, each connection waits that long between its requests.
--
-- At the end one line "bench-counts: KEY=N ..." counts the answers by X-Cache-Status
-- ("-" when there is none, as for the POSTs, which the proxy never caches) and HTTP
-- status, e.g. HIT_200=123 -_200=4 -_429=1, and "posts_sent=N".

local threads = {}

local function lines(variable)
  local found = {}
  for line in io.lines(os.getenv(variable)) do
    if line ~= "" then
      found[#found + 1] = line
    end
  end
  return found
end

function setup(thread)
  thread:set("number", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  paths = lines("BENCH_PATHS")
  posts = {}
  for _, line in ipairs(lines("BENCH_POSTS")) do
    local path, stamp = line:match("^(%S+) (%S+)$")
    posts[#posts + 1] = { path = path, stamp = stamp }
  end
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = os.getenv("BENCH_ORIGIN"),
  }
  run = os.getenv("BENCH_RUN")
  sent, posts_sent, counts = 0, 0, {}
  math.randomseed(number * 7919)
end

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

function request()
  sent = sent + 1
  if sent % 100 == 0 then
    posts_sent = posts_sent + 1
    local post = posts[posts_sent % #posts + 1]
    local who = run .. "-" .. number .. "-" .. posts_sent
    local body = "name=Okur+" .. who
      .. "&email=okur-" .. who .. "%40example.com"
      .. "&text=Haberi+okudum%2C+" .. who .. "+numarali+okur+olarak+emeginize+saglik+diyorum."
      .. "&stamp=" .. post.stamp
    return wrk.format("POST", post.path, headers, body)
  end
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, response_headers, body)
  local key = (response_headers["X-Cache-Status"] or "-") .. "_" .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total, posted = {}, 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + n
    end
    posted = posted + thread:get("posts_sent")
  end
  io.write("bench-counts: posts_sent=" .. posted)
  for key, n in pairs(total) do
    io.write(" " .. key .. "=" .. n)
  end
  io.write("\n")
end
