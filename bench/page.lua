-- wrk script of bin/foobar bench. FOOBAR_BENCH_UNIQUE=1 gives every request an address of its own (a query
-- parameter the app ignores), so the edge's micro-cache misses and a replica renders each one; the cached runs
-- repeat one address. done() appends one JSON line of figures to the file FOOBAR_BENCH_OUT names.
local unique = os.getenv("FOOBAR_BENCH_UNIQUE") == "1"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("prefix", threads .. "x" .. math.random(1, 1000000000))
end

local counter = 0
function request()
  if not unique then
    return wrk.request()
  end
  counter = counter + 1
  local sep = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench=" .. prefix .. "-" .. counter)
end

function done(summary, latency, requests)
  local e = summary.errors
  local out = assert(io.open(os.getenv("FOOBAR_BENCH_OUT"), "a"))
  out:write(string.format('{"requests":%d,"seconds":%.3f,"p50_ms":%.2f,"p99_ms":%.2f,' ..
    '"errors":%d,"timeouts":%d,"non_2xx":%d}\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write, e.timeout, e.status))
  out:close()
end
