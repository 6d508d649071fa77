import { createHash } from 'node:crypto';

/** A Lua script run server-side (atomically) by `EVALSHA`, with its digest. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Sliding-window log. KEYS[1]: the window's sorted set; ARGV: now, windowMs, limit, member.
 * Expires the calls older than the window, counts the rest and adds this one when under the
 * limit. Answers `{ allowed (0|1), count, retryAfterMs }`.
 */
export const TAKE_RATE_SLOT = script(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry = 0
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
if retry < 0 then retry = 0 end
return {0, count, retry}
`);

/** KEYS[1]: the window's sorted set; ARGV: now, windowMs. Answers the calls in the window. */
export const RATE_COUNT = script(`
return redis.call('ZCOUNT', KEYS[1], '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[2])), '+inf')
`);

/**
 * KEYS[1]: the user-day totals hash, KEYS[2] (optional): the session totals hash; ARGV: usd ('' when
 * unknown), tokens, the user-day hash's time to live, the session hash's time to live.
 */
export const RECORD_SPEND = script(`
local function add(key, ttl)
  if ARGV[1] == '' then
    redis.call('HINCRBY', key, 'unknown', 1)
  else
    redis.call('HINCRBYFLOAT', key, 'usd', ARGV[1])
  end
  redis.call('HINCRBY', key, 'tokens', ARGV[2])
  redis.call('HINCRBY', key, 'calls', 1)
  redis.call('PEXPIRE', key, ttl)
end
add(KEYS[1], ARGV[3])
if #KEYS > 1 then add(KEYS[2], ARGV[4]) end
return 1
`);

/**
 * KEYS[1]: the intervention's hash, KEYS[2]: the index of interventions by creation time; ARGV:
 * record JSON, status, consumedAt ('' when unused), created ms, id, time to live.
 */
export const PUT_INTERVENTION = script(`
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'status', ARGV[2])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], 'consumedAt')
else
  redis.call('HSET', KEYS[1], 'consumedAt', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
return 1
`);

/** KEYS[1]: the intervention's hash; ARGV: the time it is used at. Answers 1 when it was approved and unused (and now is used). */
export const CONSUME_INTERVENTION = script(`
if redis.call('HGET', KEYS[1], 'status') ~= 'approved' then return 0 end
if redis.call('HEXISTS', KEYS[1], 'consumedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'consumedAt', ARGV[1])
return 1
`);

/**
 * KEYS[1]: the index; ARGV[1]: the prefix of the interventions' hashes (followed by `<id length>.<id>`). Answers record, consumedAt
 * pairs oldest first, dropping from the index the interventions that expired.
 */
export const LIST_INTERVENTIONS = script(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local fields = redis.call('HMGET', ARGV[1] .. string.len(id) .. '.' .. id, 'record', 'consumedAt')
  if fields[1] then
    table.insert(out, fields[1])
    table.insert(out, fields[2] or '')
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`);
