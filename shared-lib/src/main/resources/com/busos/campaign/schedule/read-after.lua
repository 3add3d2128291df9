-- read-after: the entry each of these hashes waits for ('after': the sequence's previous email), so
-- claim-due can receive those entries' hashes in KEYS too (Redis Cluster); read-only.
-- KEYS[1..n] the entries' hashes
-- Returns one id per hash, '' when it waits for nothing (or has no hash).
local out = {}
for i = 1, #KEYS do
  table.insert(out, redis.call('HGET', KEYS[i], 'after') or '')
end
return out
