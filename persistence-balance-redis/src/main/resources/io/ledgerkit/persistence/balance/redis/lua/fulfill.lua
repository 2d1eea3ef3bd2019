-- fulfill: six keys per item: KEYS[6i-5] = account hash, KEYS[6i-4] = settlement record,
-- KEYS[6i-3] = pending-settlement index of the account, KEYS[6i-2] = pending-settlement index of
-- its slot (zset of '<account>/<key>'; these three only touched when a settlement is made),
-- KEYS[6i-1] = the account's journal, KEYS[6i] = the operation record (with an id).
-- After the common arguments (lib.lua), six per item: amount, settleThreshold or '', settleTo,
-- settlement key, settlement id as the journal names it, operation id or ''.
-- Item replies: {0, clearing, prepaid} | {0, clearing, prepaid, settledAmount} | {2, detail}
-- overflow | {4, 'h' or 'f', amount, minimum} the id names another operation | {7, clearing,
-- prepaid, settlement key or '', settled amount or ''} replay of the first fulfill | {5, detail}
-- data error (nothing written for the item).
local function fulfill(k, sk, ik, zk, jk, ok, a, t, to, skey, sref, id)
  local v = on(k, 'hash', 'HMGET', k, 'c', 'p', 'n', 'j')
  kind(jk, 'list')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  counter(k, v[3])
  counter(k, v[4])
  if id ~= '' then
    local r = record(ok)
    if r then
      if r.t == 'h' then
        return {4, 'h', r.a, r.m or ''}
      end
      if r.a == a then
        return {7, r.c, r.p, r.sk or '', r.sa or ''}
      end
      return {4, 'f', r.a, ''}
    end
  end
  local ah, al = num(a)
  local c2h, c2l = add(ch, cl, ah, al)
  if not fits3(c2h, c2l, ph, pl) then
    return {2, 'fulfill of ' .. a .. ' onto clearing ' .. str(ch, cl) .. ' (prepaid ' .. str(ph, pl) .. ')'}
  end
  local p = str(ph, pl)
  local credited = str(c2h, c2l)
  local seq = (tonumber(v[4]) or 0) + 1
  local reply
  if t ~= '' then
    local th, tl = num(t)
    if not lt(c2h, c2l, th, tl) then
      local toh, tol = num(to)
      local sh, sl = sub(c2h, c2l, toh, tol)
      if lt(0, 0, sh, sl) then
        if not fits(sh, sl) then
          return {2, 'settlement amount clearing ' .. credited .. ' - settleTo ' .. to}
        end
        -- the settlement's record is new (a random key), the account's index a hash and the slot's
        -- a zset: checked before the first write, so that a bad key fails the item with nothing
        -- moved
        if kind(sk, 'hash') ~= 'none' then
          error('ledgerkit: settlement record ' .. sk .. ' already exists')
        end
        kind(ik, 'hash')
        kind(zk, 'zset')
        local s = str(sh, sl)
        local c2 = str(toh, tol)
        local n = (tonumber(v[3]) or 0) + 1
        local time = redis.call('TIME')
        redis.call('HSET', k, 'c', c2, 'p', p, 'n', dec(n), 'j', dec(seq + 1))
        redis.call('HSET', sk, 'st', 'p', 'amt', s)
        redis.call('HSET', ik, skey, time[1] .. string.format('%06d', tonumber(time[2])) .. ':'
          .. dec(n) .. ':' .. s)
        redis.call('ZADD', zk, 0, sref)
        jappend(jk, dec(seq), 'F', id, a, '0', credited, p)
        jappend(jk, dec(seq + 1), 'O', sref, neg(s), '0', c2, p)
        reply = {0, c2, p, s}
      end
    end
  end
  if not reply then
    redis.call('HSET', k, 'c', credited, 'j', dec(seq))
    jappend(jk, dec(seq), 'F', id, a, '0', credited, p)
    reply = {0, credited, p}
  end
  if id ~= '' then
    local settled = reply[4]
    redis.call('HSET', ok, 't', 'f', 'a', a, 'c', reply[2], 'p', p, 'sk', settled and skey or '',
      'sa', settled or '')
    redis.call('PEXPIRE', ok, ARGV[3])
  end
  return reply
end

local out = {}
for i = 1, #KEYS / 6 do
  local b = BASE + 6 * (i - 1)
  out[i] = item(fulfill, KEYS[6 * i - 5], KEYS[6 * i - 4], KEYS[6 * i - 3], KEYS[6 * i - 2],
    KEYS[6 * i - 1], KEYS[6 * i], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5],
    ARGV[b + 6])
end
return out
