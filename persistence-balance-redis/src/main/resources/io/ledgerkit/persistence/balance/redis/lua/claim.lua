-- claim an incoming-settlement idempotency key for one account and amount.
-- KEYS[1] = claim key; ARGV[1] = '<account> <amount>', ARGV[2] = retention in ms.
-- Reply: {0} claimed now or earlier with the same value | {4, earlier value} conflict.
local v = redis.call('GET', KEYS[1])
if v then
  if v == ARGV[1] then
    return {0}
  end
  return {4, v}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {0}
