-- claim-due: atomically takes what is due, under a lease: up to LIMIT emails and up to JOB_LIMIT CRM jobs
-- (a hash whose 'kind' is 'crm'), so a tick claims no more of each than the providers' rates let it
-- hand over. Entries whose lease has expired (their worker died or never answered) come first, then
-- due entries, oldest first. An entry that waits for another ('after': the previous email of its
-- sequence) is claimable only once that one is finished (delivered, done, skipped, suppressed, cancelled,
-- dead, or gone); until then it stays where it is, keeping its due time, so email N never goes out
-- before email N-1 however many dispatchers run. Each claimed entry moves to the claimed set, scored by
-- its lease's end, and gets the caller's token; its attempt counter goes up by one. Two callers can
-- never take the same entry. Time is Redis's own (TIME), so every dispatcher agrees on what is due.
-- KEYS[1] scheduled set
-- KEYS[2] claimed set (score = lease end, epoch ms)
-- KEYS[3] dead-letter set: an expired lease whose entry has used all its attempts goes there instead
-- ARGV[1] limit of emails
-- ARGV[2] lease length (ms)
-- ARGV[3] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[4] claim token
-- ARGV[5] max attempts
-- ARGV[6] dead letters' max age (ms), ARGV[7] their max count, ARGV[8] retention (seconds): the
--         dead-letter set is trimmed to these when an entry goes there (trim-dead)
-- ARGV[9] limit of CRM jobs
-- Returns a flat list: id, payload, attempts, resend id ('' if none), kind ('' for an email), for each
-- claimed entry.
local now = now_ms()
local limits = {email = tonumber(ARGV[1]), crm = tonumber(ARGV[9] or '0')}
local taken = {email = 0, crm = 0}
local lease_end = now + tonumber(ARGV[2])
local finished = {delivered = true, done = true, skipped = true, suppressed = true, cancelled = true, dead = true,
  discarded = true}

local function kind_of(key)
  local kind = redis.call('HGET', key, 'kind')
  if kind == 'crm' then return 'crm' end
  return 'email'
end

local function waiting(key)
  local after = redis.call('HGET', key, 'after')
  if not after or after == '' then return false end
  local state = redis.call('HGET', ARGV[3] .. after, 'state')
  if not state then return false end
  return not finished[state]
end

local out = {}
local died = 0

local function claim(id, key, kind)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], lease_end, id)
  redis.call('HSET', key, 'token', ARGV[4], 'state', 'claimed', 'claimed_at', now)
  local attempts = redis.call('HINCRBY', key, 'attempts', 1)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', key, 'payload'))
  table.insert(out, tostring(attempts))
  table.insert(out, redis.call('HGET', key, 'resend_id') or '')
  table.insert(out, kind == 'crm' and 'crm' or '')
  taken[kind] = taken[kind] + 1
end

local function full()
  return taken.email >= limits.email and taken.crm >= limits.crm
end

-- Expired leases: their entries were claimable when first claimed.
local total = limits.email + limits.crm
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, total)) do
  local key = ARGV[3] .. id
  if redis.call('EXISTS', key) == 0 then
    -- an id without its hash cannot be sent; drop it rather than claim it forever
    redis.call('ZREM', KEYS[2], id)
  elseif tonumber(redis.call('HGET', key, 'attempts') or '0') >= tonumber(ARGV[5]) then
    -- claimed that many times and never acknowledged: its worker keeps dying on it
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZADD', KEYS[3], now, id)
    redis.call('HDEL', key, 'token')
    redis.call('HSET', key, 'state', 'dead', 'finished_at', now,
      'error', 'lease expired after ' .. ARGV[5] .. ' attempts without an answer from send-email')
    died = died + 1
  else
    local kind = kind_of(key)
    if taken[kind] < limits[kind] then claim(id, key, kind) end
  end
end

-- Due entries, oldest first; a window past the limits lets waiting entries be stepped over.
if not full() then
  local window = total * 4 + 100
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, window)) do
    if full() then break end
    local key = ARGV[3] .. id
    if redis.call('EXISTS', key) == 0 then
      redis.call('ZREM', KEYS[1], id)
    else
      local kind = kind_of(key)
      if taken[kind] < limits[kind] and not waiting(key) then claim(id, key, kind) end
    end
  end
end

if died > 0 then
  trim_dead(KEYS[3], ARGV[3], now, tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
end
return out
