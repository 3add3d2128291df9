-- dead-letter: a claimed send failed in a way that cannot pass by retrying (a missing template, a
-- provider's validation error, a rejected key); it moves to the dead-letter set with the reason.
-- KEYS[1] claimed set
-- KEYS[2] dead-letter set
-- KEYS[3] the send's hash
-- ARGV[1] send id
-- ARGV[2] claim token
-- ARGV[3] error text
-- Returns 1, or 0 when the caller no longer holds the send.
if redis.call('HGET', KEYS[3], 'token') ~= ARGV[2] then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HDEL', KEYS[3], 'token')
redis.call('HSET', KEYS[3], 'state', 'dead', 'error', ARGV[3], 'finished_at', now)
return 1
