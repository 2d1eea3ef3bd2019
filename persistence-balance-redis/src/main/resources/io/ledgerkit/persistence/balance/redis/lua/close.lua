-- close a settlement: KEYS[1] = account hash, KEYS[2] = settlement record, KEYS[3] = pending index,
-- KEYS[4] = the account's journal, KEYS[5] = the pending-settlement index of the account's slot
-- (zset of '<account>/<key>'; a settlement opened before that index existed is not in it). After the common arguments (lib.lua): ARGV[BASE + 1] = 's'
-- (succeeded) or 'f' (failed), ARGV[BASE + 2] = settlement key, ARGV[BASE + 3] = retention in ms,
-- ARGV[BASE + 4] = the settlement id as the journal names it.
-- Reply: {0, amount} | {3} unknown | {4, status it was closed with} conflict | {2, detail} overflow.
-- Everything it touches is checked before the first write; a data error raises with nothing written.
local st = ARGV[BASE + 1]
local t = kind(KEYS[2], 'hash')
local r = redis.call('HMGET', KEYS[2], 'st', 'amt')
if not r[1] then
  if t ~= 'none' then
    error('ledgerkit: settlement record ' .. KEYS[2] .. ' has no status')
  end
  return {3}
end
if r[1] ~= 'p' and r[1] ~= 's' and r[1] ~= 'f' then
  error('ledgerkit: settlement record ' .. KEYS[2] .. ' has status ' .. r[1]
    .. ' where p, s or f was expected')
end
if not r[2] then
  error('ledgerkit: settlement record ' .. KEYS[2] .. ' has no amount')
end
local sh, sl = num(r[2])
if r[1] ~= 'p' then
  if r[1] == st then
    return {0, r[2]}
  end
  return {4, r[1]}
end
kind(KEYS[3], 'hash')
kind(KEYS[1], 'hash')
kind(KEYS[4], 'list')
kind(KEYS[5], 'zset')
local v = redis.call('HMGET', KEYS[1], 'c', 'p', 'j')
local ch, cl = num(v[1])
local ph, pl = num(v[2])
counter(KEYS[1], v[3])
local c2 = str(ch, cl)
local seq = dec((tonumber(v[3]) or 0) + 1)
if st == 'f' then
  local c2h, c2l = add(ch, cl, sh, sl)
  if not fits3(c2h, c2l, ph, pl) then
    return {2, 'failed settlement of ' .. r[2] .. ' back onto clearing ' .. str(ch, cl)
      .. '; it stays pending'}
  end
  c2 = str(c2h, c2l)
end
redis.call('HSET', KEYS[1], 'c', c2, 'j', seq)
if st == 'f' then
  jappend(KEYS[4], seq, 'X', ARGV[BASE + 4], r[2], '0', c2, str(ph, pl))
else
  jappend(KEYS[4], seq, 'S', ARGV[BASE + 4], '0', '0', c2, str(ph, pl))
end
redis.call('HSET', KEYS[2], 'st', st)
redis.call('PEXPIRE', KEYS[2], ARGV[BASE + 3])
redis.call('HDEL', KEYS[3], ARGV[BASE + 2])
redis.call('ZREM', KEYS[5], ARGV[BASE + 4])
return {0, r[2]}
