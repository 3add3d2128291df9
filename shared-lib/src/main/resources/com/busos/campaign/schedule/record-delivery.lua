-- record-delivery: Resend accepted the email; remember its id before anything else can fail, so a
-- retry of this send never calls Resend again, even after Resend's 24-hour idempotency window.
-- KEYS[1] the send's hash
-- ARGV[1] claim token
-- ARGV[2] Resend email id
-- Returns 1, or 0 when the caller no longer holds the send (the id is recorded all the same).
redis.call('HSET', KEYS[1], 'resend_id', ARGV[2])
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then
  return 0
end
return 1
