-- schedule-send: adds one send to the schedule unless its id is already known.
-- A send id is deterministic (sequence, tracker record, email number), so repeating a webhook never
-- schedules a second copy, whether the first is pending, claimed, dead-lettered or delivered.
-- KEYS[1] scheduled set (score = due time, epoch ms)
-- KEYS[2] the send's hash
-- ARGV[1] send id
-- ARGV[2] due time (epoch ms)
-- ARGV[3] payload (JSON)
-- Returns 1 when scheduled, 0 when the id was already known.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
redis.call('HSET', KEYS[2], 'payload', ARGV[3], 'attempts', 0, 'due', ARGV[2], 'state', 'scheduled')
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
