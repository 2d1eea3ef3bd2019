-- resolve holds and rejects: five keys per item as in prepare.lua (account hash, operation record,
-- journal, held index, expiry index of the slot). After the common arguments (lib.lua),
-- five per item: action ('c' commit, 'r' reject a hold, 'u' reject an unidentified prepare),
-- operation id or '', the amount the caller's PrepareResult names or '', fromPrepaid, fromClearing
-- (both for 'u' only).
-- Item replies: for 'u' {0, clearing, prepaid} | {2, detail}; for holds a hold reply (lib.lua
-- hreply) with code 0 resolved now, 7 resolved earlier (replay), 8 expired (now or earlier)
-- | {3} unknown | {4, 'f'} the id names a fulfill | {4, 'a', amount} another amount | {4, state,
-- resolvedAt} committed/rejected earlier (conflict) | {2, detail} overflow | {5, detail} data error.
local function unidentified(k, jk, fp, fc)
  local v = on(k, 'hash', 'HMGET', k, 'c', 'p', 'j')
  kind(jk, 'list')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  counter(k, v[3])
  local fph, fpl = num(fp)
  local fch, fcl = num(fc)
  local c2h, c2l = add(ch, cl, fch, fcl)
  local p2h, p2l = add(ph, pl, fph, fpl)
  if not fits3(c2h, c2l, p2h, p2l) then
    return {2, 'reject (clearing ' .. str(ch, cl) .. ' + ' .. fc .. ', prepaid ' .. str(ph, pl)
      .. ' + ' .. fp .. ')'}
  end
  local c2, p2 = str(c2h, c2l), str(p2h, p2l)
  local seq = dec((tonumber(v[3]) or 0) + 1)
  redis.call('HSET', k, 'c', c2, 'p', p2, 'j', seq)
  jappend(jk, seq, 'R', '', fc, fp, c2, p2)
  return {0, c2, p2}
end

local function hold(k, ok, jk, ix, ex, action, id, amount, fp, fc)
  if action == 'u' then
    return unidentified(k, jk, fp, fc)
  end
  local r = record(ok)
  if not r then
    return {3}
  end
  if r.t == 'f' then
    return {4, 'f'}
  end
  if amount ~= '' and amount ~= r.a then
    return {4, 'a', r.a}
  end
  local member = string.match(k, '{(.*)}$') .. '/' .. id
  if action == 'c' then
    if r.st == 'C' then
      return hreply(7, r)
    end
    if r.st == 'R' then
      return {4, 'R', r.ra}
    end
    if r.st == 'E' then
      return hreply(8, r)
    end
    local st = 'C'
    if r.ea and r.ea ~= '' and tonumber(r.ea) <= now() then
      st = 'E'
    end
    local err = resolve(k, ok, jk, ix, ex, id, member, r, st)
    if err then
      return err
    end
    if st == 'E' then
      return hreply(8, r)
    end
    return hreply(0, r)
  end
  if r.st == 'R' or r.st == 'E' then
    return hreply(7, r)
  end
  if r.st == 'C' then
    return {4, 'C', r.ra}
  end
  local err = resolve(k, ok, jk, ix, ex, id, member, r, 'R')
  if err then
    return err
  end
  return hreply(0, r)
end

local out = {}
for i = 1, #KEYS / 5 do
  local b = BASE + 5 * (i - 1)
  out[i] = item(hold, KEYS[5 * i - 4], KEYS[5 * i - 3], KEYS[5 * i - 2], KEYS[5 * i - 1],
    KEYS[5 * i], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5])
end
return out
