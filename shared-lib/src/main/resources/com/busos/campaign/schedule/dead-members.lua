-- dead-members: included by the scripts that act on dead letters (LuaScript.load's includes).
-- The distinct ids of ARGV[first_arg..] that the dead-letter set KEYS[1] holds, in the order given,
-- and for each the key of its hash: KEYS[i + key_offset] for ARGV[i] (the callers' KEYS layouts).
local function dead_members(first_arg, key_offset)
  local ids = {}
  local keys = {}
  local seen = {}
  for i = first_arg, #ARGV do
    local id = ARGV[i]
    if not seen[id] and redis.call('ZSCORE', KEYS[1], id) then
      seen[id] = true
      table.insert(ids, id)
      table.insert(keys, KEYS[i + key_offset])
    end
  end
  return ids, keys
end
