-- prepare: one item per key. KEYS[i] = account hash; ARGV[2i-1] = amount, ARGV[2i] = minBalance or ''.
-- Item replies: {0, clearing, prepaid, fromPrepaid, fromClearing} | {1, net} insufficient
-- | {2, detail} overflow | {5, detail} data error (nothing written for the item). Every value is a
-- decimal string.
local function prepare(k, a, m)
  kind(k, 'hash')
  local v = redis.call('HMGET', k, 'c', 'p')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  local ah, al = num(a)
  local nh, nl = add(ch, cl, ph, pl)
  if m ~= '' then
    local mh, ml = num(m)
    local xh, xl = sub(nh, nl, ah, al)
    if lt(xh, xl, mh, ml) then
      return {1, str(nh, nl)}
    end
  end
  local fph, fpl = ah, al
  if lt(ph, pl, ah, al) then
    fph, fpl = ph, pl
  end
  local fch, fcl = sub(ah, al, fph, fpl)
  local c2h, c2l = sub(ch, cl, fch, fcl)
  local p2h, p2l = sub(ph, pl, fph, fpl)
  if not fits3(c2h, c2l, p2h, p2l) then
    return {2, 'clearing ' .. str(ch, cl) .. ' - ' .. str(fch, fcl) .. ' (prepare of ' .. a .. ')'}
  end
  local c2, p2 = str(c2h, c2l), str(p2h, p2l)
  redis.call('HSET', k, 'c', c2, 'p', p2)
  return {0, c2, p2, str(fph, fpl), str(fch, fcl)}
end

local out = {}
for i = 1, #KEYS do
  out[i] = item(prepare, KEYS[i], ARGV[2 * i - 1], ARGV[2 * i])
end
return out
