-- the claim that binds an incoming-settlement idempotency key to one account and amount, across
-- slots. KEYS[1] = claim key. ARGV[1] = action: 'take', 'bind' or 'release'; ARGV[2] =
-- '<account> <amount>'; ARGV[3] = this call's token; ARGV[4] = claim retention in ms (the
-- idempotency retention plus a margin); ARGV[5] = lease in ms (take only).
--
-- The claim is either bound ('<account> <amount>': the key was applied, or may have been) or held
-- ('<account> <amount> <token> <lease end, server ms>': one call is applying it right now).
-- take: {0, 0} bound with the same value (the call applies; the account's record answers a repeat)
--   | {0, 1} held now by this call | {4, '<account> <amount>'} conflict
--   | {6, ms} held by another call whose lease has that long to run (try again later).
--   A held claim whose lease ran out (its call died or gave up) is taken over by a call with the
--   same value.
-- bind (after the apply succeeded): the claim becomes bound. {0}
-- release (after the apply was refused, so nothing was recorded): deletes the claim only while this
--   call still holds it, so a refused call binds nothing and never unbinds another call's apply. {0}
local k, action, value, token = KEYS[1], ARGV[1], ARGV[2], ARGV[3]
kind(k, 'string')
local v = redis.call('GET', k)
local account, amount, holder, lease
if v then
  account, amount = string.match(v, '^(%S+) (%d+)$')
  if not account then
    account, amount, holder, lease = string.match(v, '^(%S+) (%d+) (%S+) (%d+)$')
  end
  if not account then
    error('ledgerkit: claim ' .. k .. " holds '" .. v .. "' where '<account> <amount>' was expected")
  end
  if account .. ' ' .. amount ~= value then
    if action == 'take' then
      return {4, account .. ' ' .. amount}
    end
    return {0}
  end
end
if action == 'bind' then
  redis.call('SET', k, value, 'PX', ARGV[4])
  return {0}
end
if action == 'release' then
  if holder == token then
    redis.call('DEL', k)
  end
  return {0}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if v then
  if not holder then
    redis.call('PEXPIRE', k, ARGV[4])
    return {0, 0}
  end
  if holder ~= token and now < tonumber(lease) then
    return {6, string.format('%d', tonumber(lease) - now)}
  end
end
redis.call('SET', k, value .. ' ' .. token .. ' ' .. string.format('%d', now + tonumber(ARGV[5])),
  'PX', ARGV[4])
return {0, 1}
