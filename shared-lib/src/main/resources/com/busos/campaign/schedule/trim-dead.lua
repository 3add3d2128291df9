-- trim-dead: prepended to the scripts that dead-letter sends, called when new ones arrive. Keeps the
-- dead-letter set within its limits, as Sidekiq trims its dead set: entries older than MAX_AGE, and
-- beyond MAX_COUNT the oldest, are given up: state 'discarded', discard_reason, finished_at, and the
-- hash kept for the retention so the id is never scheduled again. At most 1000 go per call.
-- Every hash it touches is one of the script's KEYS (Redis Cluster): the caller passes the hashes of
-- the entries it may trim (Schedule reads them first, trim-candidates); an entry to trim whose hash
-- was not passed ends the trim there (the next one takes it), so the oldest always go first. The set
-- is changed last, in one ZREM: nothing reads it after.
-- Returns the number trimmed.
local function trim_dead(dead_key, send_prefix, now, max_age_ms, max_count, retention_s)
  local passed = {}
  for i = 1, #KEYS do passed[KEYS[i]] = true end
  local ids = redis.call('ZRANGEBYSCORE', dead_key, '-inf', '(' .. (now - max_age_ms), 'LIMIT', 0, 1000)
  local aged = #ids
  local excess = redis.call('ZCARD', dead_key) - aged - max_count
  if excess > 0 and aged < 1000 then
    local oldest = redis.call('ZRANGE', dead_key, aged, aged + math.min(excess, 1000 - aged) - 1)
    for _, id in ipairs(oldest) do table.insert(ids, id) end
  end
  local trimmed = {}
  for i, id in ipairs(ids) do
    local key = send_prefix .. id
    if not passed[key] then break end
    if redis.call('EXISTS', key) == 1 then
      local reason = 'dead-letter set over ' .. max_count .. ' entries'
      if i <= aged then reason = 'dead letter older than ' .. math.floor(max_age_ms / 86400000) .. ' days' end
      redis.call('HDEL', key, 'token')
      redis.call('HSET', key, 'state', 'discarded', 'discard_reason', 'trimmed: ' .. reason, 'finished_at', now)
      redis.call('EXPIRE', key, retention_s)
    end
    table.insert(trimmed, id)
  end
  if #trimmed > 0 then redis.call('ZREM', dead_key, unpack(trimmed)) end
  return #trimmed
end
