-- cancel-sends: stops sends that have not been delivered: pending, claimed (a worker holding one finds
-- its claim gone and sends nothing) or dead-lettered (so a later requeue cannot revive them). Each
-- cancelled send's hash keeps its payload, gets state 'cancelled', the reason and the time, and is
-- kept for the retention period, so the same id is never scheduled again. Sends already finished
-- (delivered, skipped, suppressed, cancelled, discarded) or unknown are left as they are.
-- Every key is in KEYS (Redis Cluster); the sets are read first and lose their members last, in one
-- ZREM each (a set this script emptied could not be touched again while its slot migrates).
-- KEYS[1] scheduled set (emails)
-- KEYS[2] claimed set
-- KEYS[3] dead-letter set
-- KEYS[4] the counters hash ({p}:metrics:sends): '<kind>:cancelled' goes up by one for each send cancelled
-- KEYS[5] jobs set (CRM jobs)
-- KEYS[5 + i] the hash of the i-th send id
-- ARGV[1] reason, stored as cancel_reason
-- ARGV[2] retention (seconds)
-- ARGV[3..n] send ids
-- Returns the ids that were cancelled.
local now = now_ms()
local out = {}
local hashes = {}
local kinds = {}
local seen = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if not seen[id] then
    seen[id] = true
    if redis.call('ZSCORE', KEYS[1], id) or redis.call('ZSCORE', KEYS[5], id) or redis.call('ZSCORE', KEYS[2], id)
        or redis.call('ZSCORE', KEYS[3], id) then
      table.insert(out, id)
      table.insert(hashes, KEYS[3 + i])
      table.insert(kinds, kind_of(KEYS[3 + i]))
    end
  end
end
for i, key in ipairs(hashes) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('HINCRBY', KEYS[4], kinds[i] .. ':cancelled', 1)
    redis.call('HDEL', key, 'token')
    redis.call('HSET', key, 'state', 'cancelled', 'cancel_reason', ARGV[1], 'finished_at', now)
    redis.call('EXPIRE', key, tonumber(ARGV[2]))
  end
end
if #out > 0 then
  redis.call('ZREM', KEYS[1], unpack(out))
  redis.call('ZREM', KEYS[2], unpack(out))
  redis.call('ZREM', KEYS[3], unpack(out))
  redis.call('ZREM', KEYS[5], unpack(out))
end
return out
