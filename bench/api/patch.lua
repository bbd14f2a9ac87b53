-- PATCH a different item on every request, each at its first version, so every
-- request is a real change (If-Match "v1" matches) and none is refused as stale.
-- Thread k of n patches items first + k, first + k + n, first + k + 2n, ...
local threads = {}
local counter = 0
local index = 0
local count = 1
local first = tonumber(os.getenv("FIRST_ITEM") or "1000")

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do
    t:set("count", #threads)
  end
end

function init(args)
  index = tonumber(index) or 0
  count = tonumber(count) or 1
end

request = function()
  local key = "BN-" .. (first + index + counter * count)
  counter = counter + 1
  local headers = {}
  headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  headers["If-Match"] = '"v1"'
  headers["Content-Type"] = "application/json"
  return wrk.format("PATCH", "/api/v1/items/" .. key, headers, '{"priority":"high"}')
end
