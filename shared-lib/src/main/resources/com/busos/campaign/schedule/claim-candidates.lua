-- claim-candidates: what claim-due may take, read first so that claim-due receives every key it
-- touches in KEYS (Redis Cluster); read-only. The same selection as claim-due makes, by Redis's clock:
-- expired leases (up to LIMIT + JOB_LIMIT), due entries oldest first (a window of 4 times that + 100,
-- so entries that wait for another can be stepped over), and the dead letters a trim may give up if
-- the expired leases die (trim-candidates).
-- KEYS[1] scheduled set, KEYS[2] claimed set, KEYS[3] dead-letter set
-- ARGV[1] limit of emails, ARGV[2] limit of CRM jobs, ARGV[3] dead letters' max age (ms), ARGV[4] their max count
-- Returns {expired ids, due ids, trim candidates}.
local now = now_ms()
local total = tonumber(ARGV[1]) + tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, total)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, total * 4 + 100)
local trim = trim_candidates(KEYS[3], now, tonumber(ARGV[3]), tonumber(ARGV[4]), #expired)
return {expired, due, trim}
