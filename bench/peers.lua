-- wrk script of bench/peers: cycles through the query log (bench/queries-10kgnad.txt) or a list
-- of post ids and prints one JSON line of figures at the end.
--   wrk ... -s bench/peers.lua URL -- search  QUERY_LOG   /api/search?q=...&FILTERS (facets on)
--   wrk ... -s bench/peers.lua URL -- suggest QUERY_LOG   /api/suggest?q=PREFIX: each query typed
--                                                          word by word, 2, 4, 6... letters at a time
--   wrk ... -s bench/peers.lua URL -- related IDS_FILE [START]   /api/related/ID
-- Each wrk thread starts at a different place in the list, START places further on (bench/peers
-- gives each related run its own START, so that no run asks for lists an earlier one had
-- searchd keep in its related cache; a list of fewer ids than the runs ask for wraps round).
local paths = {}
local counter = 0
local next_thread = 0

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function lines(file)
  local f = assert(io.open(file, "r"), "peers.lua: cannot read " .. file)
  local out = {}
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

-- The texts a reader types on the way to QUERY: earlier words whole, the current one cut after
-- 2, 4, 6... characters (bytes at UTF-8 character boundaries); quotes dropped.
local function prefixes(query)
  local out, done = {}, ""
  for word in query:gsub('"', ""):gmatch("%S+") do
    local cuts, n = {}, 0
    for pos in word:gmatch("()[^\128-\191]") do
      n = n + 1
      if n >= 3 and (n - 1) % 2 == 0 then cuts[#cuts + 1] = pos - 1 end
    end
    for _, cut in ipairs(cuts) do out[#out + 1] = done .. word:sub(1, cut) end
    done = done .. word .. " "
  end
  return out
end

function setup(thread)
  thread:set("offset", next_thread * 7919)
  next_thread = next_thread + 1
end

function init(args)
  local mode, file = args[1], args[2]
  assert(mode and file, "peers.lua: arguments: search|suggest|related FILE")
  for _, line in ipairs(lines(file)) do
    if mode == "related" then
      paths[#paths + 1] = "/api/related/" .. encode(line)
    else
      local query, filters = line:match("^([^\t]*)\t?(.*)$")
      if mode == "search" then
        local path = "/api/search?q=" .. encode(query)
        if filters ~= "" then path = path .. "&" .. filters end
        paths[#paths + 1] = path
      elseif mode == "suggest" then
        for _, p in ipairs(prefixes(query)) do paths[#paths + 1] = "/api/suggest?q=" .. encode(p) end
      else
        error("peers.lua: unknown mode " .. mode)
      end
    end
  end
  assert(#paths > 0, "peers.lua: nothing to request from " .. file)
  counter = (offset or 0) + (tonumber(args[3]) or 0)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,' ..
    '"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
