-- read-counts: the values of some count keys (each day's count of delivered emails), read only, in one
-- call; GET each, as the functions' ACL user may (no MGET), every key in KEYS (Redis Cluster).
-- KEYS[1..n] the count keys
-- Returns the n values, '' for a key that does not exist.
local out = {}
for i = 1, #KEYS do
  out[i] = redis.call('GET', KEYS[i]) or ''
end
return out
