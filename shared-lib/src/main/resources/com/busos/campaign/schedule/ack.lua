-- ack: a send was delivered and recorded; it leaves the schedule for good.
-- Its hash stays (state 'delivered') for the retention period, so the same id is not scheduled again.
-- Any holder may ack: if a lease expired and another worker re-claimed the send, the email is still
-- delivered only once (Resend idempotency key, Email N Sent check), and the re-claimer's ack is a no-op.
-- KEYS[1] scheduled set
-- KEYS[2] claimed set
-- KEYS[3] the send's hash
-- KEYS[4] optional: the address's index set, whose expiry is refreshed to the retention
-- ARGV[1] send id
-- ARGV[2] retention (seconds)
-- ARGV[3] outcome stored as the state ('delivered', 'skipped' or 'suppressed')
-- Returns 1 when the send was pending or claimed, 0 otherwise.
local removed = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then
  local finished = math.floor(now_ms() / 1000) * 1000 -- whole seconds, as acks have always stored it
  -- a send already recorded as delivered stays so, whoever acks it afterwards
  if redis.call('HGET', KEYS[3], 'state') ~= 'delivered' then
    redis.call('HSET', KEYS[3], 'state', ARGV[3], 'finished_at', finished)
  end
  redis.call('HDEL', KEYS[3], 'token')
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[2]))
end
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[2]))
end
if removed > 0 then return 1 end
return 0
