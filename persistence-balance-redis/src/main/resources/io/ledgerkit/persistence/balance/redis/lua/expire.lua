-- expire the due holds of one slot: KEYS[1] = the slot's expiry index (zset of '<account>/<id>' by
-- expiresAt ms), KEYS[2] = the slot's held index. After the common arguments (lib.lua):
-- ARGV[BASE + 1] = the most holds to release, ARGV[BASE + 2] = the key prefix. The holds' own keys
-- lie in the same slot (their account's hash tag maps to it). One hold's bad data fails that hold
-- alone ({5, detail}, nothing written for it).
-- Reply: one item per hold looked at: {0, account, id, amount, fromPrepaid, fromClearing, createdAt,
-- expiresAt, state, resolvedAt} released now | {2, detail} overflow (it stays held) | {5, detail}.
local ex, ix = KEYS[1], KEYS[2]
kind(ex, 'zset')
kind(ix, 'zset')
local due = redis.call('ZRANGEBYSCORE', ex, '-inf', dec(now()), 'LIMIT', 0,
  tonumber(ARGV[BASE + 1]))
local function expire(member)
  local slash = string.find(member, '/', 1, true)
  if not slash then
    error('ledgerkit: expiry index ' .. ex .. " holds '" .. member
      .. "' where '<account>/<id>' was expected")
  end
  local account, id = string.sub(member, 1, slash - 1), string.sub(member, slash + 1)
  local k = ARGV[BASE + 2] .. '{' .. account .. '}'
  local ok = k .. ':op:' .. id
  local r = record(ok)
  if not r or r.t ~= 'h' or r.st ~= 'H' then
    -- resolved (or forgotten) meanwhile: not due any more
    redis.call('ZREM', ex, member)
    return nil
  end
  local err = resolve(k, ok, k .. ':journal', ix, ex, id, member, r, 'E')
  if err then
    return err
  end
  return {0, account, id, r.a, r.fp, r.fc, r.ca, r.ea, r.st, r.ra}
end
local out = {}
for _, member in ipairs(due) do
  local res = item(expire, member)
  if res then
    out[#out + 1] = res
  end
end
return out
