-- claim-due: atomically takes up to LIMIT sends that are due, under a lease.
-- Sends whose lease has expired (their worker died or never answered) come first, then due sends,
-- oldest first. Each claimed send moves to the claimed set, scored by its lease's end, and gets the
-- caller's token; its attempt counter goes up by one. Two callers can never take the same send.
-- Time is Redis's own (TIME), so every dispatcher agrees on what is due.
-- KEYS[1] scheduled set
-- KEYS[2] claimed set (score = lease end, epoch ms)
-- KEYS[3] dead-letter set: an expired lease whose send has used all its attempts goes there instead
-- ARGV[1] limit
-- ARGV[2] lease length (ms)
-- ARGV[3] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[4] claim token
-- ARGV[5] max attempts
-- ARGV[6] dead letters' max age (ms), ARGV[7] their max count, ARGV[8] retention (seconds): the
--         dead-letter set is trimmed to these when a send goes there (trim-dead)
-- Returns a flat list: id, payload, attempts, resend id ('' if none), for each claimed send.
local now = now_ms()
local limit = tonumber(ARGV[1])
local lease_end = now + tonumber(ARGV[2])

local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
if #ids < limit then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit - #ids)
  for _, id in ipairs(due) do
    table.insert(ids, id)
  end
end

local out = {}
local died = 0
for _, id in ipairs(ids) do
  local key = ARGV[3] .. id
  redis.call('ZREM', KEYS[1], id)
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
    redis.call('ZADD', KEYS[2], lease_end, id)
    redis.call('HSET', key, 'token', ARGV[4], 'state', 'claimed', 'claimed_at', now)
    local attempts = redis.call('HINCRBY', key, 'attempts', 1)
    local payload = redis.call('HGET', key, 'payload')
    local resend_id = redis.call('HGET', key, 'resend_id') or ''
    table.insert(out, id)
    table.insert(out, payload)
    table.insert(out, tostring(attempts))
    table.insert(out, resend_id)
  end
end
if died > 0 then
  trim_dead(KEYS[3], ARGV[3], now, tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
end
return out
