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

-- Fails unless key k holds a value of type want ('hash' or 'string') or nothing; returns the type.
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
