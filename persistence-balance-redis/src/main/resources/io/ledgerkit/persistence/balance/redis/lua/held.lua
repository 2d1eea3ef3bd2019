-- the held holds of one account, oldest first (read only): KEYS[1] = the held index of the
-- account's slot, KEYS[2] = the account hash (its key, with ':op:<id>', names each record).
-- ARGV[1] = the account id. The account's members '<account>/<id>' lie between '<account>/' and
-- '<account>0' ('0' follows '/'; an account id has no '/').
-- Reply: {id, amount, fromPrepaid, fromClearing, createdAt, expiresAt or ''} per hold.
local ix, k, account = KEYS[1], KEYS[2], ARGV[1]
kind(ix, 'zset')
local found = {}
local n = #account + 2
for _, member in ipairs(redis.call('ZRANGEBYLEX', ix, '[' .. account .. '/', '(' .. account .. '0')) do
  local id = string.sub(member, n)
  local r = record(k .. ':op:' .. id)
  if r and r.t == 'h' and r.st == 'H' then
    found[#found + 1] = {tonumber(r.q), {id, r.a, r.fp, r.fc, r.ca, r.ea or ''}}
  end
end
table.sort(found, function(x, y) return x[1] < y[1] end)
local out = {}
for i, f in ipairs(found) do
  out[i] = f[2]
end
return out
