-- reject: one item per key. KEYS[i] = account hash; ARGV[2i-1] = fromPrepaid, ARGV[2i] = fromClearing.
-- Item replies: {0, clearing, prepaid} | {2, detail} overflow | {5, detail} data error (nothing
-- written for the item).
local function reject(k, fp, fc)
  kind(k, 'hash')
  local v = redis.call('HMGET', k, 'c', 'p')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  local fph, fpl = num(fp)
  local fch, fcl = num(fc)
  local c2h, c2l = add(ch, cl, fch, fcl)
  local p2h, p2l = add(ph, pl, fph, fpl)
  if not fits3(c2h, c2l, p2h, p2l) then
    return {2, 'reject (clearing ' .. str(ch, cl) .. ' + ' .. fc .. ', prepaid ' .. str(ph, pl)
      .. ' + ' .. fp .. ')'}
  end
  local c2, p2 = str(c2h, c2l), str(p2h, p2l)
  redis.call('HSET', k, 'c', c2, 'p', p2)
  return {0, c2, p2}
end

local out = {}
for i = 1, #KEYS do
  out[i] = item(reject, KEYS[i], ARGV[2 * i - 1], ARGV[2 * i])
end
return out
