-- discard-dead: gives up on dead-lettered sends for good. Each hash gets state 'discarded' and is
-- kept for the retention period (with its payload and last error), so the id is not scheduled again.
-- KEYS[1] dead-letter set
-- ARGV[1] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[2] retention (seconds)
-- ARGV[3..n] send ids
-- Returns the ids that were discarded (ids not in the dead-letter set are left as they are).
local now = now_ms()
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('ZREM', KEYS[1], id) == 1 then
    local key = ARGV[1] .. id
    if redis.call('EXISTS', key) == 1 then
      redis.call('HDEL', key, 'token')
      redis.call('HSET', key, 'state', 'discarded', 'finished_at', now)
      redis.call('EXPIRE', key, tonumber(ARGV[2]))
    end
    table.insert(out, id)
  end
end
return out
