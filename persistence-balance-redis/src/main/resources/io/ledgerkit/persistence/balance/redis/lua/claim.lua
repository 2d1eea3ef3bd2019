-- claim an incoming-settlement idempotency key for one account and amount.
-- KEYS[1] = claim key; ARGV[1] = '<account> <amount>', ARGV[2] = claim retention in ms (the
-- idempotency retention plus a margin). Every matching call restarts the claim's clock, so the
-- claim outlives the account's record of the key, which the apply writes after this call.
-- Reply: {0} claimed now or earlier with the same value | {4, earlier value} conflict.
local v = redis.call('GET', KEYS[1])
if v then
  if v == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {0}
  end
  return {4, v}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {0}
