-- POST a new issue to Redmine on every request: the same bug create.lua makes here.
request = function()
  local headers = {}
  headers["X-Redmine-API-Key"] = os.getenv("TOKEN")
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/issues.json", headers,
    '{"issue":{"project_id":1,"tracker_id":1,"subject":"Cape clips through the glider in the hangar","priority_id":3,"due_date":"2027-03-01"}}')
end
