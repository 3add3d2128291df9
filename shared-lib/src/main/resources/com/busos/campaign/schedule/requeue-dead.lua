-- requeue-dead: gives dead-lettered sends another chance, due at once, with their attempts reset.
-- The last error stays in the hash until the next attempt replaces it.
-- Every key is in KEYS (Redis Cluster); the dead-letter set is read first and loses its members last,
-- in one ZREM.
-- KEYS[1] dead-letter set
-- KEYS[2] scheduled set: a requeued email goes there
-- KEYS[3] jobs set: a requeued CRM job (its hash's kind 'crm') goes there
-- KEYS[3 + i] the hash of the i-th send id
-- ARGV[1..n] send ids
-- Returns the ids that were requeued (ids not in the dead-letter set are left as they are; a dead
-- letter without its hash leaves the set and is not requeued).
local now = now_ms()
local removed, keys = dead_members(1, 3)
local out = {}
for i, key in ipairs(keys) do
  if redis.call('EXISTS', key) == 1 then
    local id = removed[i]
    table.insert(out, id)
    redis.call('HDEL', key, 'token', 'finished_at')
    redis.call('HSET', key, 'state', 'scheduled', 'attempts', 0, 'due', now, 'requeued_at', now)
    redis.call('PERSIST', key)
    if kind_of(key) == 'crm' then
      redis.call('ZADD', KEYS[3], now, id)
    else
      redis.call('ZADD', KEYS[2], now, id)
    end
  end
end
if #removed > 0 then redis.call('ZREM', KEYS[1], unpack(removed)) end
return out
