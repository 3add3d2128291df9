-- retry-later: a claimed send failed in a way that may pass; it is due again after DELAY, or, once it
-- has used its attempts, moves to the dead-letter set with the reason.
-- KEYS[1] the set it waits in: the scheduled set for an email, the jobs set for a CRM job
-- KEYS[2] claimed set
-- KEYS[3] dead-letter set (score = when it died, epoch ms)
-- KEYS[4] the send's hash
-- KEYS[5] the counters hash ({p}:metrics:sends): '<kind>:retried' or '<kind>:dead' goes up by one
-- KEYS[6..] the hashes of the dead letters the trim may give up (trim-candidates, read first)
-- ARGV[1] send id
-- ARGV[2] claim token (only the current holder may reschedule)
-- ARGV[3] delay (ms)
-- ARGV[4] error text
-- ARGV[5] max attempts
-- ARGV[6] prefix of send hash keys, ARGV[7] dead letters' max age (ms), ARGV[8] their max count,
--         ARGV[9] retention (seconds): the dead-letter set is trimmed to these (trim-dead)
-- Returns 'retry', 'dead', or 'stale' when the caller no longer holds the send.
if redis.call('HGET', KEYS[4], 'token') ~= ARGV[2] then
  return 'stale'
end
local now = now_ms()
local kind = kind_of(KEYS[4])
local attempts = tonumber(redis.call('HGET', KEYS[4], 'attempts') or '0')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[4], 'token')
if attempts >= tonumber(ARGV[5]) then
  redis.call('ZADD', KEYS[3], now, ARGV[1])
  redis.call('HSET', KEYS[4], 'state', 'dead', 'error', ARGV[4], 'finished_at', now)
  redis.call('HINCRBY', KEYS[5], kind .. ':dead', 1)
  trim_dead(KEYS[3], ARGV[6], now, tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]))
  return 'dead'
end
local due = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], due, ARGV[1])
redis.call('HSET', KEYS[4], 'state', 'scheduled', 'error', ARGV[4], 'due', due)
redis.call('HINCRBY', KEYS[5], kind .. ':retried', 1)
return 'retry'
