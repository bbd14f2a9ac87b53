-- PATCH a different item on every request, each at its first version, so every
-- request is a real change (If-Match "v1" matches) and none is refused as stale.
-- Thread k patches items first + k * SPAN, first + k * SPAN + 1, ... (wrk starts a
-- thread before the next one's setup runs, so the thread count cannot be shared).
local threads = {}
local counter = 0
local index = 0
local first = tonumber(os.getenv("FIRST_ITEM") or "1000")
local span = tonumber(os.getenv("SPAN") or "40000")

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

-- A global set by setup() is read here; the local above must not share its name.
function init(args)
  index = tonumber(thread_index) or 0
end

request = function()
  local key = "BN-" .. (first + index * span + counter)
  counter = counter + 1
  local headers = {}
  headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  headers["If-Match"] = '"v1"'
  headers["Content-Type"] = "application/json"
  return wrk.format("PATCH", "/api/v1/items/" .. key, headers, '{"priority":"high"}')
end
