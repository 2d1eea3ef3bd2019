-- the held holds of one account, oldest first (read only): KEYS[1] = the account's held set,
-- KEYS[2] = the account hash (its key, with ':op:<id>', names each record).
-- Reply: {id, amount, fromPrepaid, fromClearing, createdAt, expiresAt or ''} per hold.
local hk, k = KEYS[1], KEYS[2]
kind(hk, 'zset')
local out = {}
for _, id in ipairs(redis.call('ZRANGE', hk, 0, -1)) do
  local r = record(k .. ':op:' .. id)
  if r and r.t == 'h' and r.st == 'H' then
    out[#out + 1] = {id, r.a, r.fp, r.fc, r.ca, r.ea or ''}
  end
end
return out
