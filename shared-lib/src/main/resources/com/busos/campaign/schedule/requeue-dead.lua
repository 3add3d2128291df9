-- requeue-dead: gives dead-lettered sends another chance, due at once, with their attempts reset.
-- The last error stays in the hash until the next attempt replaces it.
-- KEYS[1] dead-letter set
-- KEYS[2] scheduled set
-- ARGV[1] prefix of send hash keys (e.g. "{campaign}:send:")
-- ARGV[2..n] send ids
-- Returns the ids that were requeued (ids not in the dead-letter set are left as they are).
local now = now_ms()
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  if redis.call('ZREM', KEYS[1], id) == 1 then
    local key = ARGV[1] .. id
    if redis.call('EXISTS', key) == 1 then
      redis.call('HDEL', key, 'token', 'finished_at')
      redis.call('HSET', key, 'state', 'scheduled', 'attempts', 0, 'due', now, 'requeued_at', now)
      redis.call('PERSIST', key)
      redis.call('ZADD', KEYS[2], now, id)
      table.insert(out, id)
    end
  end
end
return out
