-- After a 429: nothing more of the bucket for ARGV[1] ms (a shorter pause never shortens it).
-- KEYS[1]  the bucket's pause key
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
