-- discard-dead: gives up on dead-lettered sends for good. Each hash gets state 'discarded' and is
-- kept for the retention period (with its payload and last error), so the id is not scheduled again.
-- Every key is in KEYS (Redis Cluster); the set is read first and loses its members last, in one ZREM.
-- KEYS[1] dead-letter set
-- KEYS[1 + i] the hash of the i-th send id
-- ARGV[1] retention (seconds)
-- ARGV[2..n] send ids
-- Returns the ids that were discarded (ids not in the dead-letter set are left as they are).
local now = now_ms()
local out, hashes = dead_members(2, 0)
for _, key in ipairs(hashes) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('HDEL', key, 'token')
    redis.call('HSET', key, 'state', 'discarded', 'finished_at', now)
    redis.call('EXPIRE', key, tonumber(ARGV[1]))
  end
end
if #out > 0 then redis.call('ZREM', KEYS[1], unpack(out)) end
return out
