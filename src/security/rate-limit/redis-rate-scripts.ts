/**
 * The Lua scripts of the Redis rate limiter. One hash per subject (`sovereign:rate:<scope>:<id>`):
 * `tat` is the GCRA theoretical arrival time of its requests per minute (ms); `w<slot>` the tokens admitted in
 * one slot of the tokens-per-minute window (60 slots of `windowMs / 60`, absolute slot numbers), `seeded` marks a
 * window that was loaded (from nothing, or from the database after Redis lost its data). Every script receives the
 * caller's clock (`now`, ms) so every instance counts the same slots, and returns numbers as strings (Redis would
 * truncate Lua numbers to integers).
 */

const slotCount = 60;

/** Shared functions: the window's total (dropping slots that left it) and the wait until tokens fit. */
const windowFunctions = `
local slots = ${slotCount}
local function window(key, newest)
  local fields = redis.call('HGETALL', key)
  local counts, total, stale = {}, 0, {}
  for i = 1, #fields, 2 do
    local name = fields[i]
    if string.byte(name, 1) == 119 then
      local slot = tonumber(string.sub(name, 2))
      if slot <= newest - slots then
        stale[#stale + 1] = name
      else
        local value = tonumber(fields[i + 1])
        counts[slot] = value
        total = total + value
      end
    end
  end
  if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  return total, counts
end
local function waitFor(total, counts, newest, slotMs, now, tokens, limit)
  local excess = total + tokens - limit
  if excess <= 0 then return 0 end
  for slot = newest - slots + 1, newest do
    excess = excess - (counts[slot] or 0)
    if excess <= 0 then return (slot + slots) * slotMs - now end
  end
  return slots * slotMs
end
`;

/**
 * Admits one request against every subject's requests per minute and refuses it while a subject's tokens of the
 * last minute exceed its limit. KEYS: subjects. ARGV: now, windowMs, then per subject its requests and tokens per
 * minute (0: none). Returns `{'ok'}`, `{'seed', i}` (subject i's token window must be loaded first) or
 * `{'refuse', i, 'requests'|'tokens', waitMs}`; a refusal charges nothing.
 */
export const checkScript = `${windowFunctions}
local now, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local slotMs = windowMs / slots
local newest = math.floor(now / slotMs)
local wait, index, kind, tats = 0, 0, '', {}
for i, key in ipairs(KEYS) do
  local rpm, tpm = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  if rpm > 0 then
    local tat = tonumber(redis.call('HGET', key, 'tat') or '0')
    if tat < now then tat = now end
    local excess = tat + windowMs / rpm - now - windowMs
    if excess > 1e-6 and excess > wait then wait, index, kind = excess, i, 'requests' end
    tats[i] = tat + windowMs / rpm
  end
  if tpm > 0 then
    if redis.call('HEXISTS', key, 'seeded') == 0 then return {'seed', i} end
    local total, counts = window(key, newest)
    if total > tpm then
      local w = waitFor(total, counts, newest, slotMs, now, 0, tpm)
      if w > wait then wait, index, kind = w, i, 'tokens' end
    end
  end
end
if index > 0 then return {'refuse', index, kind, tostring(wait)} end
for i, key in ipairs(KEYS) do
  if tats[i] then
    redis.call('HSET', key, 'tat', string.format('%.3f', tats[i]))
    redis.call('PEXPIRE', key, math.ceil(windowMs + 2 * slotMs + 1000))
  end
end
return {'ok'}
`;

/**
 * Holds a request's tokens against every subject's tokens per minute, all or nothing: the whole worst case when
 * it fits, else what is left as long as what the request needs fits. KEYS: subjects with a token limit. ARGV: now,
 * windowMs, tokens, required, then each subject's limit. Returns `{'ok', slot, units...}`, `{'seed', i}` or
 * `{'refuse', i, waitMs}`.
 */
export const reserveScript = `${windowFunctions}
local now, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local tokens, required = tonumber(ARGV[3]), tonumber(ARGV[4])
local slotMs = windowMs / slots
local newest = math.floor(now / slotMs)
local wait, index, units = 0, 0, {}
for i, key in ipairs(KEYS) do
  if redis.call('HEXISTS', key, 'seeded') == 0 then return {'seed', i} end
  local limit = tonumber(ARGV[4 + i])
  local total, counts = window(key, newest)
  local left = limit - total
  local held = tokens
  if tokens > left then held = math.max(required, math.min(tokens, left)) end
  local w = waitFor(total, counts, newest, slotMs, now, held, limit)
  if w > wait then wait, index = w, i end
  units[i] = held
end
if index > 0 then return {'refuse', index, tostring(wait)} end
local reply = {'ok', tostring(newest)}
for i, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'w' .. newest, units[i])
  redis.call('PEXPIRE', key, math.ceil(windowMs + 2 * slotMs + 1000))
  reply[#reply + 1] = tostring(units[i])
end
return reply
`;

/**
 * Replaces a hold by the tokens used: corrected in the slot of admission while it is in the window; use beyond
 * the hold after that is charged to the present slot. A subject whose window is gone (Redis lost it) is left to
 * the database. KEYS: subjects. ARGV: now, windowMs, the slot of admission, then each subject's delta.
 */
export const settleScript = `${windowFunctions}
local now, windowMs, slot = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local slotMs = windowMs / slots
local newest = math.floor(now / slotMs)
for i, key in ipairs(KEYS) do
  local delta = tonumber(ARGV[3 + i])
  if delta ~= 0 and redis.call('HEXISTS', key, 'seeded') == 1 then
    if slot > newest - slots then
      local value = tonumber(redis.call('HGET', key, 'w' .. slot) or '0') + delta
      if value < 0 then value = 0 end
      redis.call('HSET', key, 'w' .. slot, value)
    elseif delta > 0 then
      redis.call('HINCRBY', key, 'w' .. newest, delta)
    end
    redis.call('PEXPIRE', key, math.ceil(windowMs + 2 * slotMs + 1000))
  end
end
return 'ok'
`;

/**
 * Loads a subject's token window once: from the holds given (time, tokens pairs: what the database recorded for
 * the last minute), or empty. Does nothing if another instance loaded it first. KEYS: the subject. ARGV: now,
 * windowMs, then the pairs. Returns 1 when it loaded, 0 when it was loaded already.
 */
export const seedScript = `
local slots = ${slotCount}
local key = KEYS[1]
if redis.call('HEXISTS', key, 'seeded') == 1 then return 0 end
local now, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local slotMs = windowMs / slots
local newest = math.floor(now / slotMs)
for i = 3, #ARGV, 2 do
  local time, tokens = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local slot = math.floor(time / slotMs)
  if slot > newest - slots and slot <= newest and tokens > 0 then redis.call('HINCRBY', key, 'w' .. slot, tokens) end
end
redis.call('HSET', key, 'seeded', '1')
redis.call('PEXPIRE', key, math.ceil(windowMs + 2 * slotMs + 1000))
return 1
`;
