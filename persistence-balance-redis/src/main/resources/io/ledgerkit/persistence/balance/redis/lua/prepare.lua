-- prepare: five keys per item: KEYS[5i-4] = account hash, KEYS[5i-3] = operation record,
-- KEYS[5i-2] = the account's journal, KEYS[5i-1] / KEYS[5i] = the held / expiry index of its slot
-- (the record and the indexes are only touched with an id, the expiry index with an expiry). After the common
-- arguments (lib.lua), four per item: amount, minBalance or '', operation id or '', expiresAt ms
-- or ''.
-- Item replies: {0, clearing, prepaid, fromPrepaid, fromClearing} | {1, net} insufficient
-- | {2, detail} overflow | {4, 'h' or 'f', amount, minimum} the id names another operation
-- | {7, clearing, prepaid, fromPrepaid, fromClearing, expiresAt} replay of the first prepare
-- | {8, store time} expiresAt not after the store's time | {5, detail} data error (nothing
-- written for the item). Every value is a decimal string.
local function prepare(k, ok, jk, ix, ex, a, m, id, ea)
  local v = on(k, 'hash', 'HMGET', k, 'c', 'p', 'j', 'h')
  kind(jk, 'list')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  counter(k, v[3])
  counter(k, v[4])
  if id ~= '' then
    local r = record(ok)
    if r then
      if r.t == 'f' then
        return {4, 'f', r.a, ''}
      end
      if r.a == a and (r.m or '') == m then
        return {7, r.pc, r.pp, r.fp, r.fc, r.ea or ''}
      end
      return {4, 'h', r.a, r.m or ''}
    end
    if ea ~= '' and tonumber(ea) <= now() then
      return {8, dec(now())}
    end
    kind(ix, 'zset')
    if ea ~= '' then
      kind(ex, 'zset')
    end
  end
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
  local c2, p2, fp, fc = str(c2h, c2l), str(p2h, p2l), str(fph, fpl), str(fch, fcl)
  local seq = dec((tonumber(v[3]) or 0) + 1)
  if id == '' then
    redis.call('HSET', k, 'c', c2, 'p', p2, 'j', seq)
  else
    local hq = (tonumber(v[4]) or 0) + 1
    redis.call('HSET', k, 'c', c2, 'p', p2, 'j', seq, 'h', dec(hq))
    redis.call('HSET', ok, 't', 'h', 'a', a, 'm', m, 'fp', fp, 'fc', fc, 'ca', dec(now()),
      'ea', ea, 'st', 'H', 'pc', c2, 'pp', p2, 'q', dec(hq))
    local member = string.match(k, '{(.*)}$') .. '/' .. id
    redis.call('ZADD', ix, 0, member)
    if ea ~= '' then
      redis.call('ZADD', ex, ea, member)
    end
  end
  jappend(jk, seq, 'P', id, neg(fc), neg(fp), c2, p2)
  return {0, c2, p2, fp, fc}
end

local out = {}
for i = 1, #KEYS / 5 do
  local b = BASE + 4 * (i - 1)
  out[i] = item(prepare, KEYS[5 * i - 4], KEYS[5 * i - 3], KEYS[5 * i - 2], KEYS[5 * i - 1],
    KEYS[5 * i], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4])
end
return out
