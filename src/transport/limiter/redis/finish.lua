-- Stamps a request with the time its response (or its failure) arrived, on this server's clock.
-- KEYS[1..k]  the logs the request counted in
-- ARGV[1]     the request's id
-- ARGV[2..k+1] the span (window + margin, us) of each log
-- Re-adds the id when its provisional stamp had already expired: later is always safe.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
for i = 1, #KEYS do
  local log = KEYS[i]
  redis.call('ZADD', log, now, ARGV[1])
  local latest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  local span = tonumber(ARGV[i + 1])
  redis.call('PEXPIRE', log, math.ceil((math.max(tonumber(latest[2]), now) + span - now) / 1000))
end
return 1
