-- admit-enrolment: lets a new enrolment in under the day's cap, counting each address and sequence
-- once a day: a repeated webhook, or an address that is enrolled already, is never refused and never
-- counted again. The day's set holds at most the cap's worth of members, so a flood costs bounded memory.
-- KEYS[1] the address's enrolment in the sequence ({p}:enrolled:<campaign>:<sequence>:<address>)
-- KEYS[2] the day's set of enrolments let in ({p}:intake:enrolments:<yyyy-mm-dd>, UTC)
-- ARGV[1] the member: <campaign>:<sequence>:<normalised address>
-- ARGV[2] the cap (>= 1)
-- ARGV[3] how long the day's set is kept (seconds)
-- Returns 1 when the enrolment may go ahead, 0 when the day's cap is reached.
if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return 1
