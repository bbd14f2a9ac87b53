-- GET one item at a random number on every request, from either server: PATH is a
-- format with one %d (like /api/v1/items/BN-%d or /issues/%d.json), ITEMS the highest
-- number, and AUTH_HEADER / AUTH_VALUE the credential header.
local path = os.getenv("PATH_FMT")
local items = tonumber(os.getenv("ITEMS") or "100000")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end

request = function()
  local headers = {}
  headers[os.getenv("AUTH_HEADER")] = os.getenv("AUTH_VALUE")
  return wrk.format("GET", string.format(path, math.random(1, items)), headers)
end
