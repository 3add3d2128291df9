-- trim-candidates: prepended to the scripts that read, before a change, which dead letters the trim
-- (trim-dead) may give up: the oldest entries of the dead-letter set, as many as are older than
-- MAX_AGE or beyond MAX_COUNT once JOINING more have arrived (at most 1000). Their hashes are then
-- passed in KEYS to the script that dead-letters, which trims only those still to be trimmed.
local function trim_candidates(dead_key, now, max_age_ms, max_count, joining)
  local aged = redis.call('ZCOUNT', dead_key, '-inf', '(' .. (now - max_age_ms))
  local n = math.min(1000, math.max(aged, redis.call('ZCARD', dead_key) + joining - max_count))
  if n <= 0 then return {} end
  return redis.call('ZRANGE', dead_key, 0, n - 1)
end
