-- a page of one slot's index (read only): KEYS[1] = the held index (zset of '<account>/<id>') or
-- the pending-settlement index (zset of '<account>/<settlement key>'), all scored 0, in member
-- order. ARGV[1] = the member to start after, or '' for the start; ARGV[2] = the most members;
-- ARGV[3] = the key prefix; ARGV[4] = 'h' (held holds) or 's' (pending settlements).
-- Reply: per member {member} when its hold is not held (its settlement not pending) any more, else
-- {member, amount, fromPrepaid, fromClearing, createdAt, expiresAt or ''} for a hold and
-- {member, amount} for a settlement.
local ix = KEYS[1]
kind(ix, 'zset')
local from = '-'
if ARGV[1] ~= '' then
  from = '(' .. ARGV[1]
end
local settlements = ARGV[4] == 's'
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYLEX', ix, from, '+', 'LIMIT', 0, tonumber(ARGV[2]))) do
  local slash = string.find(member, '/', 1, true)
  local item = {member}
  if slash then
    local k = ARGV[3] .. '{' .. string.sub(member, 1, slash - 1) .. '}'
    local id = string.sub(member, slash + 1)
    if settlements then
      local sk = k .. ':settlement:' .. id
      kind(sk, 'hash')
      local r = redis.call('HMGET', sk, 'st', 'amt')
      if r[1] == 'p' and r[2] then
        item = {member, r[2]}
      end
    else
      local r = record(k .. ':op:' .. id)
      if r and r.t == 'h' and r.st == 'H' then
        item = {member, r.a, r.fp, r.fc, r.ca, r.ea or ''}
      end
    end
  end
  out[#out + 1] = item
end
return out
