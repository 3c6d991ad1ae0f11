-- Takes a place for one request in every bucket it counts in, or says how long to wait.
-- A sliding-window log per bucket: a sorted set of request ids scored by their stamp, in
-- microseconds of this server's clock (TIME), so every replica uses the same clock.
-- See src/transport/limiter/mod.rs for why a request is stamped with its response time.
--
-- KEYS[1..k]    the logs of the buckets (narrowest first)
-- KEYS[k+1..2k] their pause keys (set after a 429, expiring when the pause ends)
-- ARGV[1]       the request's id
-- ARGV[2]       its lease in microseconds: its provisional stamp is now + lease, until
--               finish.lua stamps it, so a process that dies mid-request frees its place
-- ARGV[2i+1], ARGV[2i+2]  bucket i's quota (requests) and span (window + margin, us)
-- Returns {1, 0} (go: the id is in every log) or {0, ms} (ask again after ms).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local k = #KEYS / 2
local wait = 0
for i = 1, k do
  local log = KEYS[i]
  local requests = tonumber(ARGV[2 * i + 1])
  local span = tonumber(ARGV[2 * i + 2])
  local paused = redis.call('PTTL', KEYS[k + i])
  if paused > 0 then
    wait = math.max(wait, paused * 1000)
  end
  -- Stamps at least one span old hold no place any more.
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - span)
  local count = redis.call('ZCARD', log)
  if count >= requests then
    -- The place frees when the (count - requests + 1)-th oldest stamp leaves the span; when
    -- that one is still in flight (provisional, after now), in one span at the earliest.
    local oldest = redis.call('ZRANGE', log, count - requests, count - requests, 'WITHSCORES')
    wait = math.max(wait, math.min(tonumber(oldest[2]) + span - now, span))
  end
end
if wait > 0 then
  return {0, math.ceil(wait / 1000)}
end
local provisional = now + tonumber(ARGV[2])
for i = 1, k do
  local log = KEYS[i]
  local span = tonumber(ARGV[2 * i + 2])
  redis.call('ZADD', log, provisional, ARGV[1])
  -- The log lives as long as its latest stamp holds a place.
  local latest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', log, math.ceil((tonumber(latest[2]) + span - now) / 1000))
end
return {1, 0}
