-- claim-candidates: what claim-due may take, read first so that claim-due receives every key it
-- touches in KEYS (Redis Cluster); read-only. The same selection as claim-due makes, by Redis's clock:
-- expired leases (up to LIMIT + JOB_LIMIT), due emails oldest first from the scheduled set (a window of
-- 4 times LIMIT + 100, so emails that wait for another can be stepped over), due CRM jobs oldest first
-- from the jobs set (a window of 4 times JOB_LIMIT + 100), each window sized by its own limit so that
-- neither kind can keep the other out, and the dead letters a trim may give up if the expired leases
-- die (trim-candidates).
-- CRM jobs scheduled before they had a set of their own wait in the scheduled set (an id 'crm:…',
-- Schedule.isJobId): the read of the emails steps over them, reading up to 1000 entries past its window
-- (the oldest due entries), and answers them among the due jobs, where they belong by their due time;
-- claim-due claims them as jobs or moves them to the jobs set, so they are read past once.
-- KEYS[1] scheduled set (emails), KEYS[2] claimed set, KEYS[3] dead-letter set, KEYS[4] jobs set
-- ARGV[1] limit of emails, ARGV[2] limit of CRM jobs, ARGV[3] dead letters' max age (ms), ARGV[4] their max count
-- Returns {expired ids, due email ids, due job ids, trim candidates}.
local now = now_ms()
local email_limit = tonumber(ARGV[1])
local job_limit = tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, email_limit + job_limit)

local function window(limit)
  if limit <= 0 then return 0 end
  return limit * 4 + 100
end

-- The due emails; CRM jobs still in the scheduled set (from before the jobs set) stepped over.
local email_window = window(email_limit)
local legacy_max = 1000
local emails = {}
local legacy = {} -- {due, id}
local read = 0
local page = math.max(email_window, 100)
while #emails < email_window or (email_window == 0 and read == 0) do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', read, page)
  local n = #ids / 2
  for i = 1, n do
    local id, due = ids[2 * i - 1], tonumber(ids[2 * i])
    if string.sub(id, 1, 4) == 'crm:' then
      if #legacy < legacy_max then table.insert(legacy, {due, id}) end
    elseif #emails < email_window then
      table.insert(emails, id)
    end
  end
  read = read + n
  if n < page or read >= email_window + legacy_max then break end
end

-- The due jobs, with those found in the scheduled set, oldest first.
local jobs = {}
local job_window = window(job_limit)
if job_window > 0 then
  local ids = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'WITHSCORES', 'LIMIT', 0, job_window)
  for i = 1, #ids / 2 do table.insert(legacy, {tonumber(ids[2 * i]), ids[2 * i - 1]}) end
end
table.sort(legacy, function(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] end
  return a[2] < b[2]
end)
for _, entry in ipairs(legacy) do table.insert(jobs, entry[2]) end

local trim = trim_candidates(KEYS[3], now, tonumber(ARGV[3]), tonumber(ARGV[4]), #expired)
return {expired, emails, jobs, trim}
