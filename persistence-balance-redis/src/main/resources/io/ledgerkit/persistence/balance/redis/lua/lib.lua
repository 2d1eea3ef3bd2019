-- Ledgerkit exact integer arithmetic for Redis Lua (prepended to every operation script).
--
-- Redis Lua numbers are doubles: exact only up to 2^53. Balances are signed 64-bit integers and
-- travel as decimal strings; they are never converted with tonumber() as a whole. A value x is held
-- as two doubles (h, l) with x = h * 1e9 + l and 0 <= l < 1e9 (h = floor(x / 1e9), signed). Both
-- parts stay far below 2^53 for every value up to about 9e24 in magnitude, so additions,
-- subtractions and comparisons below are exact; every stored result is checked against the signed
-- 64-bit range before it is written.
local B = 1000000000

-- Parses a decimal string of at most 19 digits (optional leading '-'); false/nil is zero.
local function num(s)
  if not s then
    return 0, 0
  end
  local neg = false
  local d = s
  if string.byte(s, 1) == 45 then
    neg = true
    d = string.sub(s, 2)
  end
  local n = #d
  if n == 0 or n > 19 or string.find(d, '[^0-9]') then
    error('ledgerkit: not a 64-bit decimal integer: ' .. tostring(s))
  end
  local h, l
  if n > 9 then
    h = tonumber(string.sub(d, 1, n - 9))
    l = tonumber(string.sub(d, n - 8))
  else
    h = 0
    l = tonumber(d)
  end
  if neg then
    if l > 0 then
      return -h - 1, B - l
    end
    return -h, 0
  end
  return h, l
end

local function add(ah, al, bh, bl)
  local h, l = ah + bh, al + bl
  if l >= B then
    return h + 1, l - B
  end
  return h, l
end

local function sub(ah, al, bh, bl)
  local h, l = ah - bh, al - bl
  if l < 0 then
    return h - 1, l + B
  end
  return h, l
end

local function lt(ah, al, bh, bl)
  return ah < bh or (ah == bh and al < bl)
end

local function str(h, l)
  if h < 0 then
    local nh, nl = sub(0, 0, h, l)
    if nh == 0 then
      return string.format('-%d', nl)
    end
    return string.format('-%d%09d', nh, nl)
  end
  if h == 0 then
    return string.format('%d', l)
  end
  return string.format('%d%09d', h, l)
end

-- -9223372036854775808 and 9223372036854775807 in that form (checked by LuaArithmeticTest)
local MINH, MINL = -9223372037, 145224192
local MAXH, MAXL = 9223372036, 854775807

local function fits(h, l)
  return not lt(h, l, MINH, MINL) and not lt(MAXH, MAXL, h, l)
end

-- Whether clearing, prepaid and their sum are all inside the signed 64-bit range.
local function fits3(ch, cl, ph, pl)
  if not fits(ch, cl) or not fits(ph, pl) then
    return false
  end
  local nh, nl = add(ch, cl, ph, pl)
  return fits(nh, nl)
end

-- Validation. Redis does not undo a script's writes when it fails halfway, so every script checks
-- everything it will touch (key types, stored values) before its first write: a data error then
-- means nothing changed. Errors carry 'ledgerkit: ' (the Java side classifies them as data errors).

-- Fails unless key k holds a value of type want ('hash', 'string', 'list', 'zset') or nothing;
-- returns the type.
local function kind(k, want)
  local t = redis.call('TYPE', k)
  if type(t) == 'table' then
    t = t['ok']
  end
  if t ~= 'none' and t ~= want then
    error('ledgerkit: key ' .. k .. ' holds a ' .. tostring(t) .. ' where a ' .. want
      .. ' (or nothing) was expected (WRONGTYPE)')
  end
  return t
end

-- Fails unless s is absent or a counter of at most 15 digits.
local function counter(k, s)
  if s and (#s == 0 or #s > 15 or string.find(s, '[^0-9]')) then
    error('ledgerkit: key ' .. k .. ' holds settlement counter ' .. s
      .. ' where a decimal counter was expected')
  end
end

-- Runs one item of a batch script. An item validates all it touches before its first write, so a
-- data error it raises means the item wrote nothing: it becomes the item's reply {5, message}
-- instead of failing the whole batch after earlier items were applied.
local function item(f, ...)
  local ok, r = pcall(f, ...)
  if ok then
    return r
  end
  if type(r) == 'table' then
    r = r['err'] or 'error'
  end
  r = tostring(r)
  local at = string.find(r, 'ledgerkit: ', 1, true)
  if at then
    r = string.sub(r, at)
  end
  return {5, r}
end

-- ---- exactly once: store time, journal, operation records, holds ----
--
-- Scripts that change accounts take three common arguments first: ARGV[1] = journal entries kept
-- per account (0: no limit), ARGV[2] = journal age kept in ms (0: no limit), ARGV[3] = how long a
-- resolved operation record (a committed/rejected/expired hold, a fulfill) is kept, in ms. Their
-- items' arguments follow from ARGV[BASE + 1].
local BASE = 3

-- The store's time in epoch milliseconds, read once per script run (Redis replicates effects).
local NOW
local function now()
  if not NOW then
    local t = redis.call('TIME')
    NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return NOW
end

local function dec(n)
  return string.format('%d', n)
end

-- The negation of a non-negative decimal string.
local function neg(s)
  if s == '0' then
    return '0'
  end
  return '-' .. s
end

-- A journal entry is 'sequence|kind|reference|clearingDelta|prepaidDelta|clearing|prepaid|at';
-- kinds: P prepare, C commit, R reject, E expiry, F fulfill, O settlement opened, S settlement
-- succeeded, X settlement failed, I incoming settlement.
local function jat(e)
  local at = string.match(e, '|(%d+)$')
  return at and tonumber(at)
end

-- Runs a redis command on key k, which must hold a value of type want or nothing, without asking
-- TYPE first: a WRONGTYPE error becomes the data error kind() raises (so a read, or a script's
-- first write, validates its key as it goes); any other error is raised as it came.
local function on(k, want, ...)
  local r = redis.pcall(...)
  if type(r) == 'table' and r['err'] then
    kind(k, want)
    error(r)
  end
  return r
end

-- Appends one journal entry and trims the journal to the retention: by count, and by age (entries
-- older than the age go; a malformed head stops the age trim rather than failing after a write).
-- The key was checked with kind(jk, 'list') before the script's first write. The count trim runs
-- only when the journal is longer than the limit, which RPUSH's reply tells.
local function jappend(jk, seq, code, ref, dc, dp, c, p)
  local t = now()
  local n = redis.call('RPUSH', jk, seq .. '|' .. code .. '|' .. ref .. '|' .. dc .. '|' .. dp
    .. '|' .. c .. '|' .. p .. '|' .. dec(t))
  local max = tonumber(ARGV[1])
  if max > 0 and n > max then
    redis.call('LTRIM', jk, -max, -1)
  end
  local age = tonumber(ARGV[2])
  if age > 0 then
    while true do
      local h = redis.call('LINDEX', jk, 0)
      local at = h and jat(h)
      if not at or at >= t - age then
        break
      end
      redis.call('LPOP', jk)
    end
  end
end

-- The fields of an operation record <account>:op:<id> (a hash). A hold: t='h', a amount, m minimum
-- or '', fp/fc split, ca createdAt ms, ea expiresAt ms or '', st H/C/R/E, ra resolvedAt ms, rc/rp
-- the balance right after the resolution, pc/pp the balance after the prepare, q the account's
-- hold number (creation order). A fulfill: t='f',
-- a amount, c/p the balance it returned, sk settlement key or '', sa settlement amount or ''.
local RF = {'t', 'a', 'm', 'fp', 'fc', 'ca', 'ea', 'st', 'ra', 'rc', 'rp', 'pc', 'pp', 'c', 'p',
  'sk', 'sa', 'q'}

local function bad(ok, why)
  error('ledgerkit: operation record ' .. ok .. ' ' .. why)
end

local function millis(ok, f, v, optional)
  if v == nil or v == '' then
    if optional then
      return
    end
    bad(ok, 'has no ' .. f)
  end
  if #v > 15 or string.find(v, '[^0-9]') then
    bad(ok, 'has ' .. f .. " '" .. v .. "' where epoch milliseconds were expected")
  end
end

-- Reads and validates an operation record; nil when there is none.
local function record(ok)
  local t = kind(ok, 'hash')
  if t == 'none' then
    return nil
  end
  local v = redis.call('HMGET', ok, unpack(RF))
  local r = {}
  for i, f in ipairs(RF) do
    r[f] = v[i]
  end
  if r.t == 'f' then
    if not r.a or not r.c or not r.p then
      bad(ok, 'is incomplete')
    end
    num(r.a)
    num(r.c)
    num(r.p)
    if r.sa and r.sa ~= '' then
      num(r.sa)
    end
    return r
  end
  if r.t ~= 'h' then
    bad(ok, "has kind '" .. tostring(r.t) .. "' where h or f was expected")
  end
  for _, f in ipairs({'a', 'fp', 'fc', 'pc', 'pp'}) do
    if not r[f] then
      bad(ok, 'has no ' .. f)
    end
    num(r[f])
  end
  if r.m and r.m ~= '' then
    num(r.m)
  end
  millis(ok, 'ca', r.ca, false)
  millis(ok, 'ea', r.ea, true)
  millis(ok, 'q', r.q, false)
  if not r.st or not string.find(r.st, '^[HCRE]$') then
    bad(ok, "has state '" .. tostring(r.st) .. "' where H, C, R or E was expected")
  end
  if r.st ~= 'H' then
    millis(ok, 'ra', r.ra, false)
    if not r.rc or not r.rp then
      bad(ok, 'has no resolution balance')
    end
    num(r.rc)
    num(r.rp)
  end
  return r
end

-- A hold as a reply: {code, amount, fromPrepaid, fromClearing, createdAt, expiresAt or '', state,
-- resolvedAt or '', clearing, prepaid} (the balance recorded by the resolution, '' while held).
local function hreply(code, r)
  return {code, r.a, r.fp, r.fc, r.ca, r.ea or '', r.st, r.ra or '', r.rc or '', r.rp or ''}
end

-- Resolves a held hold as st: 'C' commit (nothing moves), 'R' reject or 'E' expiry (its split goes
-- back). k account hash, ok its record, jk its journal, ix/ex the held and expiry indexes of its
-- slot (the expiry index only touched for a hold with an expiry), member '<account>/<id>'.
-- Validates everything it writes first; returns nil when done (r updated) or an overflow reply
-- {2, detail} with nothing written.
local function resolve(k, ok, jk, ix, ex, id, member, r, st)
  local expires = r.ea and r.ea ~= ''
  local v = on(k, 'hash', 'HMGET', k, 'c', 'p', 'j')
  kind(ix, 'zset')
  if expires then
    kind(ex, 'zset')
  end
  kind(jk, 'list')
  local ch, cl = num(v[1])
  local ph, pl = num(v[2])
  counter(k, v[3])
  local c2, p2 = str(ch, cl), str(ph, pl)
  local dc, dp = '0', '0'
  if st ~= 'C' then
    local fch, fcl = num(r.fc)
    local fph, fpl = num(r.fp)
    local c2h, c2l = add(ch, cl, fch, fcl)
    local p2h, p2l = add(ph, pl, fph, fpl)
    if not fits3(c2h, c2l, p2h, p2l) then
      return {2, 'release of hold ' .. id .. ' of ' .. r.a .. '; it stays held'}
    end
    c2, p2 = str(c2h, c2l), str(p2h, p2l)
    dc, dp = r.fc, r.fp
  end
  local seq = dec((tonumber(v[3]) or 0) + 1)
  redis.call('HSET', k, 'c', c2, 'p', p2, 'j', seq)
  jappend(jk, seq, st, id, dc, dp, c2, p2)
  local t = dec(now())
  redis.call('HSET', ok, 'st', st, 'ra', t, 'rc', c2, 'rp', p2)
  redis.call('PEXPIRE', ok, ARGV[3])
  redis.call('ZREM', ix, member)
  if expires then
    redis.call('ZREM', ex, member)
  end
  r.st, r.ra, r.rc, r.rp = st, t, c2, p2
  return nil
end
