-- release: a claimed send goes back on the schedule without counting the claim as an attempt: the
-- dispatcher could not hand it over in time (due again at its own due time, so it keeps its place
-- before the later emails of its sequence), or sending is paused until a provider's quota resets (due
-- then, with the reason kept as its error).
-- KEYS[1] the set it waits in: the scheduled set for an email, the jobs set for a CRM job
-- KEYS[2] claimed set
-- KEYS[3] the send's hash
-- ARGV[1] send id
-- ARGV[2] claim token
-- ARGV[3] due time (epoch ms), optional: the send's own due time when absent
-- ARGV[4] reason, optional (kept as the send's error)
-- Returns 1, or 0 when the caller no longer holds the send.
if redis.call('HGET', KEYS[3], 'token') ~= ARGV[2] then
  return 0
end
local due = tonumber(redis.call('HGET', KEYS[3], 'due') or '') or now_ms()
if ARGV[3] and ARGV[3] ~= '' then
  due = tonumber(ARGV[3])
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], due, ARGV[1])
redis.call('HINCRBY', KEYS[3], 'attempts', -1)
redis.call('HDEL', KEYS[3], 'token')
redis.call('HSET', KEYS[3], 'state', 'scheduled')
if ARGV[4] and ARGV[4] ~= '' then
  redis.call('HSET', KEYS[3], 'error', ARGV[4], 'due', due)
end
return 1
