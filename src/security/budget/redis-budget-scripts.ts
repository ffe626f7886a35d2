/**
 * The Lua scripts of the Redis budget guard. One hash per budget counter (`sovereign:budget:<scope>:<period>`):
 * `spent_nano`, `spent_tokens` (booked), `held_nano`, `held_tokens` (reserved by requests in flight), and `gen`,
 * `seq`: when it was loaded from the database. `sovereign:budget-gen` names the Redis state (set once, so a Redis
 * restarted empty has a new one) and `sovereign:budget-seq` numbers loads and reservations in it, so a settlement
 * can tell whether the counter it corrects was loaded (from the database, which held the request at its worst case)
 * after the request was admitted. Each process keeps its open holds in `sovereign:budget-holds:<boot id>` (one field
 * per hold: `gen seq nanoUsd tokens counter...`), so the holds of a process that died can be booked at their worst
 * case by another. Numbers travel as strings (Redis truncates Lua numbers in replies).
 */

/** Shared: the generation of this Redis state, set from the caller's candidate when there is none. */
const generation = `
local function generation(key, candidate)
  redis.call('SET', key, candidate, 'NX')
  return redis.call('GET', key)
end
local function fmt(value) if value == 0 then return '0' end return string.format('%.0f', value) end
`;

/**
 * Holds a request's worst case against every counter, all or nothing. KEYS: the counters, then the process's holds
 * hash, the set of processes with holds, the generation key, the sequence key. ARGV: the hold id, the process's boot
 * id, a generation candidate, nano-dollars, tokens, then per counter its USD limit (nano-dollars) and token limit
 * (-1: none) and its time to live (ms). Returns `{'ok', gen, seq}`, `{'seed', i}` (counter i must be loaded first)
 * or `{'refuse', i, 'usd'|'tokens', spent, held}`.
 */
export const reserveScript = `${generation}
local counters = #KEYS - 4
local holds, processes, genKey, seqKey = KEYS[counters + 1], KEYS[counters + 2], KEYS[counters + 3], KEYS[counters + 4]
local id, boot, candidate = ARGV[1], ARGV[2], ARGV[3]
local nano, tokens = tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 1, counters do
  if redis.call('EXISTS', KEYS[i]) == 0 then return {'seed', i} end
end
for i = 1, counters do
  local limitNano, limitTokens = tonumber(ARGV[3 + 3 * i]), tonumber(ARGV[4 + 3 * i])
  local v = redis.call('HMGET', KEYS[i], 'spent_nano', 'held_nano', 'spent_tokens', 'held_tokens')
  local spentNano, heldNano = tonumber(v[1] or '0'), tonumber(v[2] or '0')
  local spentTokens, heldTokens = tonumber(v[3] or '0'), tonumber(v[4] or '0')
  if limitNano >= 0 and spentNano + heldNano + nano > limitNano then return {'refuse', i, 'usd', fmt(spentNano), fmt(heldNano)} end
  if limitTokens >= 0 and spentTokens + heldTokens + tokens > limitTokens then return {'refuse', i, 'tokens', fmt(spentTokens), fmt(heldTokens)} end
end
local gen = generation(genKey, candidate)
local seq = redis.call('INCR', seqKey)
local record = {gen, seq, fmt(nano), fmt(tokens)}
for i = 1, counters do
  redis.call('HINCRBY', KEYS[i], 'held_nano', fmt(nano))
  redis.call('HINCRBY', KEYS[i], 'held_tokens', fmt(tokens))
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[5 + 3 * i]))
  record[#record + 1] = KEYS[i]
end
redis.call('HSET', holds, id, table.concat(record, ' '))
redis.call('SADD', processes, boot)
return {'ok', gen, tostring(seq)}
`;

/**
 * Frees a hold and books what the request cost. KEYS: the counters, then the process's holds hash. ARGV: the hold
 * id, its generation and sequence, the worst case held (nano-dollars, tokens), the actual (nano-dollars, tokens),
 * the counters' time to live (ms). Per counter: loaded after the hold (the load counted it at its worst case) the
 * difference is booked; otherwise, while the hold is still recorded, the hold is freed and the actual booked; a hold
 * no longer recorded was booked at its worst case already (its process was taken for dead) and nothing changes.
 * A counter Redis no longer has is left alone: it is loaded from the database when next used.
 */
export const settleScript = `
local function fmt(value) if value == 0 then return '0' end return string.format('%.0f', value) end
local counters = #KEYS - 1
local id, gen, seq = ARGV[1], ARGV[2], tonumber(ARGV[3])
local worstNano, worstTokens = tonumber(ARGV[4]), tonumber(ARGV[5])
local nano, tokens, ttl = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local recorded = redis.call('HDEL', KEYS[counters + 1], id)
for i = 1, counters do
  local v = redis.call('HMGET', KEYS[i], 'gen', 'seq')
  if v[1] then
    if v[1] ~= gen or tonumber(v[2]) > seq then
      redis.call('HINCRBY', KEYS[i], 'spent_nano', fmt(nano - worstNano))
      redis.call('HINCRBY', KEYS[i], 'spent_tokens', fmt(tokens - worstTokens))
    elseif recorded == 1 then
      redis.call('HINCRBY', KEYS[i], 'held_nano', fmt(-worstNano))
      redis.call('HINCRBY', KEYS[i], 'held_tokens', fmt(-worstTokens))
      redis.call('HINCRBY', KEYS[i], 'spent_nano', fmt(nano))
      redis.call('HINCRBY', KEYS[i], 'spent_tokens', fmt(tokens))
    end
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return recorded
`;

/**
 * Loads a counter from the database's figures (spent, plus the holds still open there at their worst case), unless
 * another process loaded it first. KEYS: the counter, the generation key, the sequence key. ARGV: a generation
 * candidate, nano-dollars, tokens, time to live (ms). Returns 1 when it loaded, 0 when it was there.
 */
export const seedScript = `${generation}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local gen = generation(KEYS[2], ARGV[1])
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'spent_nano', ARGV[2], 'spent_tokens', ARGV[3], 'held_nano', '0', 'held_tokens', '0', 'gen', gen, 'seq', seq)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
`;

/**
 * Books every open hold of processes that are gone at its worst case (what a crash left in flight counts as spent,
 * as in the database). KEYS: the set of processes with holds. ARGV: the key prefix of holds hashes and of liveness
 * keys. A process counts as gone when its liveness key expired. Counters are named in the holds (a single Redis, not
 * a cluster). Returns the boot ids whose holds were booked.
 */
export const reapScript = `
local function fmt(value) if value == 0 then return '0' end return string.format('%.0f', value) end
local reaped = {}
for _, boot in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. boot) == 0 then
    local holds = ARGV[1] .. boot
    local fields = redis.call('HGETALL', holds)
    for f = 2, #fields, 2 do
      local parts = {}
      for part in string.gmatch(fields[f], '%S+') do parts[#parts + 1] = part end
      local gen, seq, nano, tokens = parts[1], tonumber(parts[2]), tonumber(parts[3]), tonumber(parts[4])
      for p = 5, #parts do
        local v = redis.call('HMGET', parts[p], 'gen', 'seq')
        if v[1] == gen and tonumber(v[2]) < seq then
          redis.call('HINCRBY', parts[p], 'held_nano', fmt(-nano))
          redis.call('HINCRBY', parts[p], 'held_tokens', fmt(-tokens))
          redis.call('HINCRBY', parts[p], 'spent_nano', fmt(nano))
          redis.call('HINCRBY', parts[p], 'spent_tokens', fmt(tokens))
        end
      end
    end
    redis.call('DEL', holds)
    redis.call('SREM', KEYS[1], boot)
    reaped[#reaped + 1] = boot
  end
end
return reaped
`;
