-- dead-candidates: which dead letters the next dead-lettering may trim (trim-candidates); read-only.
-- KEYS[1] dead-letter set
-- ARGV[1] dead letters' max age (ms), ARGV[2] their max count, ARGV[3] how many may join
-- Returns their ids, oldest first.
return trim_candidates(KEYS[1], now_ms(), tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
