-- now-ms: prepended to every script of the campaign when it is loaded (LuaScript).
-- Redis's own clock (TIME) in epoch milliseconds, so every caller agrees on what "now" is.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
