-- one hold's record (read only): KEYS[1] = the operation record.
-- Reply: a hold reply (lib.lua hreply) with code 0 | {3} unknown | {4, 'f'} the id names a fulfill.
local r = record(KEYS[1])
if not r then
  return {3}
end
if r.t ~= 'h' then
  return {4, 'f'}
end
return hreply(0, r)
