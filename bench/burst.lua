-- wrk script for an overload burst (bin/foobar bench and OverloadStackIT): every request its own address, so the
-- micro-cache misses and each one needs a replica. Answers are sorted as served (2xx), refused (503 or 429 that
-- say when to come back: Retry-After), 502/504 (nginx found no replica) and other; wrk counts the timed-out ones.
-- done() appends one JSON line to the file FOOBAR_BENCH_OUT names.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("prefix", #threads .. "x" .. math.random(1, 1000000000))
end

local counter = 0
served, refused, gateway, other = 0, 0, 0, 0

function request()
  counter = counter + 1
  local sep = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "burst=" .. prefix .. "-" .. counter)
end

function response(status, headers)
  if status >= 200 and status < 300 then
    served = served + 1
  elseif (status == 503 or status == 429) and headers["Retry-After"] then
    refused = refused + 1
  elseif status == 502 or status == 504 then
    gateway = gateway + 1
  else
    other = other + 1
  end
end

function done(summary, latency)
  local totals = { served = 0, refused = 0, gateway = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local e = summary.errors
  local out = assert(io.open(os.getenv("FOOBAR_BENCH_OUT"), "a"))
  out:write(string.format('{"requests":%d,"seconds":%.3f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"served":%d,"refused":%d,"bad_gateway":%d,"other":%d,"timeouts":%d,"errors":%d}\n', summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    totals.served, totals.refused, totals.gateway, totals.other, e.timeout, e.connect + e.read + e.write))
  out:close()
end
