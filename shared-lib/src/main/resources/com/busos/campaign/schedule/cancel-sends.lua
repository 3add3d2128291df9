-- cancel-sends: stops sends that have not been delivered: pending, claimed (a worker holding one finds
-- its claim gone and sends nothing) or dead-lettered (so a later requeue cannot revive them). Each
-- cancelled send's hash keeps its payload, gets state 'cancelled', the reason and the time, and is
-- kept for the retention period, so the same id is never scheduled again. Sends already finished
-- (delivered, skipped, suppressed, cancelled, discarded) or unknown are left as they are.
-- KEYS[1] scheduled set
-- KEYS[2] claimed set
-- KEYS[3] dead-letter set
-- ARGV[1] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[2] reason, stored as cancel_reason
-- ARGV[3] retention (seconds)
-- ARGV[4..n] send ids
-- Returns the ids that were cancelled.
local now = now_ms()
local out = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local removed = redis.call('ZREM', KEYS[1], id) + redis.call('ZREM', KEYS[2], id) + redis.call('ZREM', KEYS[3], id)
  if removed > 0 then
    local key = ARGV[1] .. id
    if redis.call('EXISTS', key) == 1 then
      redis.call('HDEL', key, 'token')
      redis.call('HSET', key, 'state', 'cancelled', 'cancel_reason', ARGV[2], 'finished_at', now)
      redis.call('EXPIRE', key, tonumber(ARGV[3]))
    end
    table.insert(out, id)
  end
end
return out
