-- claim-due: atomically takes what is due, under a lease: up to LIMIT emails and up to JOB_LIMIT CRM jobs
-- (a hash whose 'kind' is 'crm'), so a tick claims no more of each than the providers' rates let it
-- hand over. Emails wait in the scheduled set, CRM jobs in the jobs set, and each kind's candidates are
-- read from its own set, so neither kind's backlog keeps the other waiting. Entries whose lease has expired (their worker died or never answered) come first, then
-- due entries, oldest first. An entry that waits for another ('after': the previous email of its
-- sequence) is claimable only once that one is finished (delivered, done, skipped, suppressed, cancelled,
-- dead, or gone); until then it stays where it is, keeping its due time, so email N never goes out
-- before email N-1 however many dispatchers run. Each claimed entry moves to the claimed set, scored by
-- its lease's end, and gets the caller's token; its attempt counter goes up by one. Two callers can
-- never take the same entry. Time is Redis's own (TIME), so every dispatcher agrees on what is due.
-- Every key it touches is in KEYS (Redis Cluster): the caller first reads the candidates
-- (claim-candidates: expired leases, due entries, the dead letters a trim may give up) and what the
-- due ones wait for (read-after), and passes their hashes; here each candidate is checked again (still
-- expired or due, its hash there, not waiting), so a candidate another dispatcher took in between is
-- left alone. An entry waiting for one whose hash was not passed counts as waiting. Every read comes
-- before the first change, and the sets lose members last: on a cluster, a set this script emptied
-- could not be touched again while its slot migrates.
-- A CRM job found in the scheduled set (scheduled before the jobs set existed; claim-candidates answers
-- it among the due jobs) is claimed as a job, or, when not claimed now, moved to the jobs set with its
-- due time, where the next claims find it.
-- KEYS[1] scheduled set (emails)
-- KEYS[2] claimed set (score = lease end, epoch ms)
-- KEYS[3] dead-letter set: an expired lease whose entry has used all its attempts goes there instead
-- KEYS[4] the counters hash ({p}:metrics:sends): '<kind>:dead' for an expired lease that used its attempts
-- KEYS[5] jobs set (CRM jobs; score = due time, epoch ms)
-- KEYS[6..] the candidates' hashes, the hashes they wait for, the trim candidates' hashes (any order)
-- ARGV[1] limit of emails
-- ARGV[2] lease length (ms)
-- ARGV[3] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[4] claim token
-- ARGV[5] max attempts
-- ARGV[6] dead letters' max age (ms), ARGV[7] their max count, ARGV[8] retention (seconds): the
--         dead-letter set is trimmed to these when an entry goes there (trim-dead)
-- ARGV[9] limit of CRM jobs
-- ARGV[10] the number E of expired candidates, ARGV[11] the number D of due candidates, then
-- ARGV[12..] the E expired candidates' ids, then the D due candidates' ids (emails and jobs, in any
-- order: each kind is limited on its own)
-- Returns a flat list: id, payload, attempts, resend id ('' if none), kind ('' for an email), for each
-- claimed entry.
local now = now_ms()
local limits = {email = tonumber(ARGV[1]), crm = tonumber(ARGV[9] or '0')}
local taken = {email = 0, crm = 0}
local lease_end = now + tonumber(ARGV[2])
local prefix = ARGV[3]
local finished = {delivered = true, done = true, skipped = true, suppressed = true, cancelled = true, dead = true,
  discarded = true}
local passed = {}
for i = 6, #KEYS do passed[KEYS[i]] = true end
-- the states this script gives, seen by the entries that wait for them as if already written
local changed = {}
local expired_count = tonumber(ARGV[10] or '0')
local due_count = tonumber(ARGV[11] or '0')

local function waiting(key)
  local after = redis.call('HGET', key, 'after')
  if not after or after == '' then return false end
  local after_key = prefix .. after
  if not passed[after_key] then return true end
  local state = changed[after_key] or redis.call('HGET', after_key, 'state')
  if not state then return false end
  return not finished[state]
end

local function full()
  return taken.email >= limits.email and taken.crm >= limits.crm
end

-- First what to do, reading only.
local claims = {}       -- {id, key, kind, the set it leaves (nil for an expired lease)}
local dead = {}         -- expired leases that used all their attempts
local dead_kind = {}    -- their kinds, for the counters
local drop_claimed = {} -- ids in the claimed set without a hash
local drop_scheduled = {} -- {id, its set}
local seen = {}

-- Expired leases: their entries were claimable when first claimed.
for i = 1, expired_count do
  local id = ARGV[11 + i]
  local key = prefix .. id
  local lease = redis.call('ZSCORE', KEYS[2], id)
  if not seen[id] and passed[key] and lease and tonumber(lease) <= now then
    seen[id] = true
    if redis.call('EXISTS', key) == 0 then
      -- an id without its hash cannot be sent; drop it rather than claim it forever
      table.insert(drop_claimed, id)
    elseif tonumber(redis.call('HGET', key, 'attempts') or '0') >= tonumber(ARGV[5]) then
      -- claimed that many times and never acknowledged: its worker keeps dying on it
      table.insert(dead, id)
      dead_kind[id] = kind_of(key)
      changed[key] = 'dead'
    else
      local kind = kind_of(key)
      if taken[kind] < limits[kind] then
        table.insert(claims, {id, key, kind, false})
        changed[key] = 'claimed'
        taken[kind] = taken[kind] + 1
      end
    end
  end
end

-- Due entries, oldest first; the window past the limits lets waiting entries be stepped over. Each is
-- in the scheduled set (an email, or a job from before the jobs set) or in the jobs set.
local rehome = {}  -- jobs found in the scheduled set and not claimed now: {due, id}
local handled = {} -- the due candidates claimed or dropped now, and those moving
for i = 1, due_count do
  if full() then break end
  local id = ARGV[11 + expired_count + i]
  local key = prefix .. id
  local set = KEYS[1]
  local due = redis.call('ZSCORE', KEYS[1], id)
  if not due then
    set = KEYS[5]
    due = redis.call('ZSCORE', KEYS[5], id)
  end
  if not seen[id] and passed[key] and due and tonumber(due) <= now then
    seen[id] = true
    if redis.call('EXISTS', key) == 0 then
      table.insert(drop_scheduled, {id, set})
      handled[id] = true
    else
      local kind = kind_of(key)
      if taken[kind] < limits[kind] and not waiting(key) then
        table.insert(claims, {id, key, kind, set})
        handled[id] = true
        changed[key] = 'claimed'
        taken[kind] = taken[kind] + 1
      end
    end
  end
end
-- Every due candidate that is a job still in the scheduled set, and not claimed now, moves to the jobs set.
for i = 1, due_count do
  local id = ARGV[11 + expired_count + i]
  if not handled[id] and string.sub(id, 1, 4) == 'crm:' then
    local due = redis.call('ZSCORE', KEYS[1], id)
    if due then
      handled[id] = true
      table.insert(rehome, {due, id})
    end
  end
end

-- Then the changes: the hashes, members added, members removed.
local out = {}
local leased = {}
local from_emails = {}
local from_jobs = {}
local function leaves(id, set)
  if set == KEYS[1] then table.insert(from_emails, id) else table.insert(from_jobs, id) end
end
for _, claim in ipairs(claims) do
  local id, key, kind = claim[1], claim[2], claim[3]
  redis.call('HSET', key, 'token', ARGV[4], 'state', 'claimed', 'claimed_at', now)
  local attempts = redis.call('HINCRBY', key, 'attempts', 1)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', key, 'payload'))
  table.insert(out, tostring(attempts))
  table.insert(out, redis.call('HGET', key, 'resend_id') or '')
  table.insert(out, kind == 'crm' and 'crm' or '')
  table.insert(leased, lease_end)
  table.insert(leased, id)
  if claim[4] then leaves(id, claim[4]) end
end
for _, id in ipairs(dead) do
  local key = prefix .. id
  redis.call('HDEL', key, 'token')
  redis.call('HSET', key, 'state', 'dead', 'finished_at', now,
    'error', 'lease expired after ' .. ARGV[5] .. ' attempts without an answer from send-email')
  redis.call('HINCRBY', KEYS[4], dead_kind[id] .. ':dead', 1)
  table.insert(drop_claimed, id)
end
if #leased > 0 then redis.call('ZADD', KEYS[2], unpack(leased)) end
if #rehome > 0 then
  local scored = {}
  for _, entry in ipairs(rehome) do
    table.insert(scored, entry[1])
    table.insert(scored, entry[2])
    table.insert(from_emails, entry[2])
  end
  redis.call('ZADD', KEYS[5], unpack(scored))
end
if #dead > 0 then
  local scored = {}
  for _, id in ipairs(dead) do
    table.insert(scored, now)
    table.insert(scored, id)
  end
  redis.call('ZADD', KEYS[3], unpack(scored))
end
if #drop_claimed > 0 then redis.call('ZREM', KEYS[2], unpack(drop_claimed)) end
for _, dropped in ipairs(drop_scheduled) do leaves(dropped[1], dropped[2]) end
if #from_emails > 0 then redis.call('ZREM', KEYS[1], unpack(from_emails)) end
if #from_jobs > 0 then redis.call('ZREM', KEYS[5], unpack(from_jobs)) end

if #dead > 0 then
  trim_dead(KEYS[3], prefix, now, tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
end
return out
