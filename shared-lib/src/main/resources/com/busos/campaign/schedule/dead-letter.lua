-- dead-letter: a claimed send failed in a way that cannot pass by retrying (a missing template, a
-- provider's validation error, a rejected key); it moves to the dead-letter set with the reason.
-- KEYS[1] claimed set
-- KEYS[2] dead-letter set
-- KEYS[3] the send's hash
-- KEYS[4] the counters hash ({p}:metrics:sends): '<kind>:dead' goes up by one
-- KEYS[5..] the hashes of the dead letters the trim may give up (trim-candidates, read first)
-- ARGV[1] send id
-- ARGV[2] claim token
-- ARGV[3] error text
-- ARGV[4] prefix of send hash keys, ARGV[5] dead letters' max age (ms), ARGV[6] their max count,
--         ARGV[7] retention (seconds): the set is trimmed to these (trim-dead)
-- Returns 1, or 0 when the caller no longer holds the send.
if redis.call('HGET', KEYS[3], 'token') ~= ARGV[2] then
  return 0
end
local now = now_ms()
local kind = kind_of(KEYS[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HDEL', KEYS[3], 'token')
redis.call('HSET', KEYS[3], 'state', 'dead', 'error', ARGV[3], 'finished_at', now)
redis.call('HINCRBY', KEYS[4], kind .. ':dead', 1)
trim_dead(KEYS[2], ARGV[4], now, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
return 1
