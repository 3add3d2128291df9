-- ack: a send was delivered and recorded; it leaves the schedule for good.
-- Its hash stays (state 'delivered') for the retention period, so the same id is not scheduled again.
-- Any holder may ack: if a lease expired and another worker re-claimed the send, the email is still
-- delivered only once (Resend idempotency key, Email N Sent check), and the re-claimer's ack is a no-op.
-- KEYS[1] scheduled set (emails)
-- KEYS[2] claimed set
-- KEYS[3] the send's hash
-- KEYS[4] the counters hash ({p}:metrics:sends): '<kind>:<outcome>' is counted once, by the ack that
--         takes the send out of the schedule (a repeated or late ack counts nothing)
-- KEYS[5] the day's count of delivered emails ({p}:metrics:delivered:<yyyy-mm-dd>, UTC)
-- KEYS[6] jobs set (CRM jobs): the send leaves whichever set holds it
-- KEYS[7] optional: the address's index set, whose expiry is refreshed to the retention
-- ARGV[1] send id
-- ARGV[2] retention (seconds)
-- ARGV[3] outcome stored as the state ('delivered', 'skipped' or 'suppressed')
-- ARGV[4] how long the day's count is kept (seconds)
-- Returns 1 when the send was pending or claimed, 0 otherwise.
local removed = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[6], ARGV[1])
  + redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then
  local finished = math.floor(now_ms() / 1000) * 1000 -- whole seconds, as acks have always stored it
  -- a send already recorded as delivered stays so, whoever acks it afterwards
  local before = redis.call('HGET', KEYS[3], 'state')
  local state = before
  if before ~= 'delivered' then
    redis.call('HSET', KEYS[3], 'state', ARGV[3], 'finished_at', finished)
    state = ARGV[3]
  end
  if removed > 0 then
    local kind = kind_of(KEYS[3])
    redis.call('HINCRBY', KEYS[4], kind .. ':' .. state, 1)
    if kind == 'email' and state == 'delivered' then
      redis.call('INCR', KEYS[5])
      redis.call('EXPIRE', KEYS[5], tonumber(ARGV[4]))
    end
  end
  redis.call('HDEL', KEYS[3], 'token')
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[2]))
end
if KEYS[7] and redis.call('EXISTS', KEYS[7]) == 1 then
  redis.call('EXPIRE', KEYS[7], tonumber(ARGV[2]))
end
if removed > 0 then return 1 end
return 0
