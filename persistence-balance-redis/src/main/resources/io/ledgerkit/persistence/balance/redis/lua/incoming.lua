-- incoming settlement: KEYS[1] = account hash, KEYS[2] = the key's record for this account,
-- KEYS[3] = the account's journal. After the common arguments (lib.lua): ARGV[BASE + 1] = amount,
-- ARGV[BASE + 2] = retention in ms, ARGV[BASE + 3] = the idempotency key.
-- Reply: {0, toClearing, toPrepaid, clearing, prepaid} (the first result when repeated)
-- | {4, amount recorded earlier} conflict | {2, detail} overflow.
-- Everything it touches is checked before the first write; a data error raises with nothing written.
local t = kind(KEYS[2], 'hash')
local r = redis.call('HMGET', KEYS[2], 'amt', 'tc', 'tp', 'c', 'p')
if r[1] then
  for i = 1, 5 do
    if not r[i] then
      error('ledgerkit: incoming-settlement record ' .. KEYS[2] .. ' is incomplete')
    end
    num(r[i])
  end
  if r[1] ~= ARGV[BASE + 1] then
    return {4, r[1]}
  end
  return {0, r[2], r[3], r[4], r[5]}
end
if t ~= 'none' then
  error('ledgerkit: incoming-settlement record ' .. KEYS[2] .. ' has no amount')
end
kind(KEYS[1], 'hash')
kind(KEYS[3], 'list')
local v = redis.call('HMGET', KEYS[1], 'c', 'p', 'j')
local ch, cl = num(v[1])
local ph, pl = num(v[2])
counter(KEYS[1], v[3])
local ah, al = num(ARGV[BASE + 1])
local tch, tcl = 0, 0
if lt(ch, cl, 0, 0) then
  local xh, xl = add(ch, cl, ah, al)
  if lt(0, 0, xh, xl) then
    tch, tcl = sub(0, 0, ch, cl)
  else
    tch, tcl = ah, al
  end
end
local tph, tpl = sub(ah, al, tch, tcl)
local c2h, c2l = add(ch, cl, tch, tcl)
local p2h, p2l = add(ph, pl, tph, tpl)
if not fits3(c2h, c2l, p2h, p2l) then
  return {2, 'incoming settlement of ' .. ARGV[BASE + 1] .. ' (prepaid ' .. str(ph, pl) .. ' + '
    .. str(tph, tpl) .. ', clearing ' .. str(ch, cl) .. ')'}
end
local c2, p2, tc, tp = str(c2h, c2l), str(p2h, p2l), str(tch, tcl), str(tph, tpl)
local seq = dec((tonumber(v[3]) or 0) + 1)
redis.call('HSET', KEYS[1], 'c', c2, 'p', p2, 'j', seq)
jappend(KEYS[3], seq, 'I', ARGV[BASE + 3], tc, tp, c2, p2)
redis.call('HSET', KEYS[2], 'amt', ARGV[BASE + 1], 'tc', tc, 'tp', tp, 'c', c2, 'p', p2)
redis.call('PEXPIRE', KEYS[2], ARGV[BASE + 2])
return {0, tc, tp, c2, p2}
