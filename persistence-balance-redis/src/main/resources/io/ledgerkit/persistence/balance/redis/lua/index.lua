-- index the pending settlements of one account in its slot's pending-settlement index (the
-- one-time backfill of settlements opened before that index existed): KEYS[1] = the account's
-- pending index (hash of settlement key to '<micros>:<n>:<amount>'), KEYS[2] = the slot's
-- pending-settlement index (zset of '<account>/<key>'). ARGV[1] = the account id.
-- Reply: the number of settlements added (those already indexed are left as they are).
-- Both keys are checked before the first write.
kind(KEYS[1], 'hash')
kind(KEYS[2], 'zset')
local added = 0
for _, key in ipairs(redis.call('HKEYS', KEYS[1])) do
  added = added + redis.call('ZADD', KEYS[2], 'NX', 0, ARGV[1] .. '/' .. key)
end
return added
