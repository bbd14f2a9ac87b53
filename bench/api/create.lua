-- POST a new item on every request: a bug with a title, priority and due date.
request = function()
  local headers = {}
  headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/projects/BN/items", headers,
    '{"kind":"bug","title":"Cape clips through the glider in the hangar","priority":"high","due":"2027-03-01"}')
end
