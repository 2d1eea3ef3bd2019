-- a page of one slot's held index (read only): KEYS[1] = the held index (zset of
-- '<account>/<id>', all scored 0, in member order). ARGV[1] = the member to start after, or ''
-- for the start; ARGV[2] = the most members; ARGV[3] = the key prefix.
-- Reply: per member {member} when its hold is not held any more, else {member, amount,
-- fromPrepaid, fromClearing, createdAt, expiresAt or ''}.
local ix = KEYS[1]
kind(ix, 'zset')
local from = '-'
if ARGV[1] ~= '' then
  from = '(' .. ARGV[1]
end
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYLEX', ix, from, '+', 'LIMIT', 0, tonumber(ARGV[2]))) do
  local slash = string.find(member, '/', 1, true)
  local r
  if slash then
    local k = ARGV[3] .. '{' .. string.sub(member, 1, slash - 1) .. '}'
    r = record(k .. ':op:' .. string.sub(member, slash + 1))
  end
  if r and r.t == 'h' and r.st == 'H' then
    out[#out + 1] = {member, r.a, r.fp, r.fc, r.ca, r.ea or ''}
  else
    out[#out + 1] = {member}
  end
end
return out
