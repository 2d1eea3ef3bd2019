-- fulfill: three keys per item: KEYS[3i-2] = account hash, KEYS[3i-1] = settlement record,
-- KEYS[3i] = pending-settlement index of the account (both only touched when a settlement is made).
-- ARGV[4i-3] = amount, ARGV[4i-2] = settleThreshold or '', ARGV[4i-1] = settleTo, ARGV[4i] = settlement key.
-- Item replies: {0, clearing, prepaid} | {0, clearing, prepaid, settledAmount} | {2, detail} overflow
-- | {5, detail} data error (nothing written for the item).
local function fulfill(k, sk, ik, a, t, to, id)
  kind(k, 'hash')
  local v = redis.call('HMGET', k, 'c', 'p', 'n')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  counter(k, v[3])
  local ah, al = num(a)
  local c2h, c2l = add(ch, cl, ah, al)
  if not fits3(c2h, c2l, ph, pl) then
    return {2, 'fulfill of ' .. a .. ' onto clearing ' .. str(ch, cl) .. ' (prepaid ' .. str(ph, pl) .. ')'}
  end
  if t ~= '' then
    local th, tl = num(t)
    if not lt(c2h, c2l, th, tl) then
      local toh, tol = num(to)
      local sh, sl = sub(c2h, c2l, toh, tol)
      if lt(0, 0, sh, sl) then
        if not fits(sh, sl) then
          return {2, 'settlement amount clearing ' .. str(c2h, c2l) .. ' - settleTo ' .. to}
        end
        -- the settlement's record is new (a random key) and the index a hash: checked before the
        -- first write, so that a bad key fails the item with nothing moved
        if kind(sk, 'hash') ~= 'none' then
          error('ledgerkit: settlement record ' .. sk .. ' already exists')
        end
        kind(ik, 'hash')
        local s = str(sh, sl)
        local c2 = str(toh, tol)
        local seq = (tonumber(v[3]) or 0) + 1
        local time = redis.call('TIME')
        redis.call('HSET', k, 'c', c2, 'p', str(ph, pl), 'n', string.format('%d', seq))
        redis.call('HSET', sk, 'st', 'p', 'amt', s)
        redis.call('HSET', ik, id, time[1] .. string.format('%06d', tonumber(time[2])) .. ':'
          .. string.format('%d', seq) .. ':' .. s)
        return {0, c2, str(ph, pl), s}
      end
    end
  end
  local c2 = str(c2h, c2l)
  redis.call('HSET', k, 'c', c2)
  return {0, c2, str(ph, pl)}
end

local out = {}
for i = 1, #KEYS / 3 do
  out[i] = item(fulfill, KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i],
    ARGV[4 * i - 3], ARGV[4 * i - 2], ARGV[4 * i - 1], ARGV[4 * i])
end
return out
