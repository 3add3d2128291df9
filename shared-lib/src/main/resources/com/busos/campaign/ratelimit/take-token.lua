-- take-token: takes one request's worth from a token bucket that every function instance shares,
-- so scaling a function out never multiplies the request rate sent to a provider.
-- The bucket refills at RATE tokens per second up to BURST; time is Redis's own (TIME).
-- KEYS[1] the bucket's hash (fields: tokens, updated)
-- ARGV[1] rate (tokens per second, may be fractional)
-- ARGV[2] burst (bucket size, >= 1)
-- Returns 0 when a token was taken, otherwise the milliseconds to wait before asking again.
local now = now_ms()
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or burst)
local updated = tonumber(redis.call('HGET', KEYS[1], 'updated') or now)
if now > updated then
  tokens = math.min(burst, tokens + (now - updated) * rate / 1000)
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 60000)
return wait
