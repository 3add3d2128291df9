-- schedule-send: adds one send to the schedule unless its id is already known.
-- A send id is deterministic (sequence, tracker record, email number), so repeating a webhook never
-- schedules a second copy, whether the first is pending, claimed, dead-lettered or delivered.
-- The id also goes into the address's index (even when already known, so a send scheduled before
-- the index existed is indexed by the next repeat); the index is kept as long as a finished send's
-- hash, refreshed on every schedule and ack, and nothing is ever removed from it: past sends are
-- found through it too, for as long as their hashes are retained.
-- KEYS[1] the set it waits in (score = due time, epoch ms): the scheduled set for an email, the jobs
--         set ({p}:scheduled-jobs) for a CRM job
-- KEYS[2] the send's hash
-- KEYS[3] the address's index set ({p}:by-email:<normalized address>)
-- ARGV[1] send id
-- ARGV[2] due time (epoch ms)
-- ARGV[3] payload (JSON)
-- ARGV[4] retention of the index (seconds)
-- ARGV[5] optional: the kind ('crm' for a CRM job; absent or '' for an email)
-- ARGV[6] optional: the id of the entry this one waits for (claim-due), e.g. the sequence's previous email
-- Returns 1 when scheduled, 0 when the id was already known.
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], tonumber(ARGV[4]))
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
redis.call('HSET', KEYS[2], 'payload', ARGV[3], 'attempts', 0, 'due', ARGV[2], 'state', 'scheduled')
if ARGV[5] and ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'kind', ARGV[5]) end
if ARGV[6] and ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'after', ARGV[6]) end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
