-- intake: records a new enrolment and everything that follows from it in one step: the enrolment
-- (the address's sequence id), the sequence's record, its CRM job and its emails, each email waiting
-- for the one before it (the first for the CRM job). Idempotent per campaign, sequence and normalised
-- address: when the address is enrolled already, nothing changes and the existing sequence id is
-- answered, so a repeated or concurrent webhook never enrols twice. A lead the webhook accepted is kept
-- from here on (with appendfsync everysec: at worst the last second of writes).
-- KEYS[1] the enrolment ({p}:enrolled:<campaign>:<sequence>:<normalised address>)
-- KEYS[2] scheduled set: the emails wait there
-- KEYS[3] the address's index set ({p}:by-email:<normalised address>)
-- KEYS[4] the sequence's record ({p}:sequence:<sequence id>)
-- KEYS[5] the enrolments counted by sequence key ({p}:metrics:enrolled), when enrolled now
-- KEYS[6] jobs set ({p}:scheduled-jobs): the CRM jobs wait there
-- KEYS[7..] the entries' hashes, in the order of the entries in ARGV
-- ARGV[1] the sequence id
-- ARGV[2] retention (seconds) of the enrolment, the record and the index
-- ARGV[3] the address (as typed), ARGV[4] the sequence's key
-- ARGV[5..] five per entry: id, due (epoch ms), payload (JSON), kind ('crm' or ''), after (id or '')
-- Returns {1, sequence id} when enrolled now, {0, the existing sequence id} when enrolled already.
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local retention = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', retention)
redis.call('HSET', KEYS[4], 'email', ARGV[3], 'sequence', ARGV[4], 'created_at', now_ms())
redis.call('EXPIRE', KEYS[4], retention)
redis.call('HINCRBY', KEYS[5], ARGV[4], 1)
local entries = (#ARGV - 4) / 5
for i = 1, entries do
  local base = 4 + (i - 1) * 5
  local id, due, payload, kind, after = ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4], ARGV[base + 5]
  local key = KEYS[6 + i]
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'payload', payload, 'attempts', 0, 'due', due, 'state', 'scheduled')
    if kind ~= '' then redis.call('HSET', key, 'kind', kind) end
    if after ~= '' then redis.call('HSET', key, 'after', after) end
    if kind == 'crm' then
      redis.call('ZADD', KEYS[6], due, id)
    else
      redis.call('ZADD', KEYS[2], due, id)
    end
  end
  redis.call('SADD', KEYS[3], id)
end
redis.call('EXPIRE', KEYS[3], retention)
return {1, ARGV[1]}
