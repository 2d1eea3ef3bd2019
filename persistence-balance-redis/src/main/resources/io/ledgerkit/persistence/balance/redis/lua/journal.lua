-- read an account's journal (read only): KEYS[1] = the journal list. ARGV[1] = the first sequence
-- wanted, ARGV[2] = the most entries, ARGV[3] = the journal age kept in ms (0: no limit).
-- Reply: the entries (see lib.lua) with sequence >= ARGV[1], oldest first, none older than the age.
local jk = KEYS[1]
kind(jk, 'list')
local head = redis.call('LINDEX', jk, 0)
if not head then
  return {}
end
local first = tonumber(string.match(head, '^(%d+)|'))
if not first then
  error('ledgerkit: journal ' .. jk .. " holds '" .. head .. "' where an entry was expected")
end
local from = tonumber(ARGV[1])
local start = 0
if from > first then
  start = from - first
end
local limit = tonumber(ARGV[2])
local age = tonumber(ARGV[3])
local oldest = -1
if age > 0 then
  oldest = now() - age
end
local out = {}
local got = redis.call('LRANGE', jk, start, start + limit - 1 + 64)
for _, e in ipairs(got) do
  local seq = tonumber(string.match(e, '^(%d+)|'))
  local at = jat(e)
  if not seq or not at then
    error('ledgerkit: journal ' .. jk .. " holds '" .. e .. "' where an entry was expected")
  end
  if seq >= from and at >= oldest then
    out[#out + 1] = e
    if #out == limit then
      break
    end
  end
end
return out
