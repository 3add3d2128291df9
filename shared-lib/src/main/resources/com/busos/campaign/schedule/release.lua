-- release: the dispatcher claimed a send but could not hand it over in time; the send is due again
-- at once and the claim does not count as an attempt.
-- KEYS[1] scheduled set
-- KEYS[2] claimed set
-- KEYS[3] the send's hash
-- ARGV[1] send id
-- ARGV[2] claim token
-- Returns 1, or 0 when the caller no longer holds the send.
if redis.call('HGET', KEYS[3], 'token') ~= ARGV[2] then
  return 0
end
local now = now_ms()
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HINCRBY', KEYS[3], 'attempts', -1)
redis.call('HDEL', KEYS[3], 'token')
redis.call('HSET', KEYS[3], 'state', 'scheduled')
return 1
