-- the store's time in epoch milliseconds (KEYS[1] only routes the call to a node).
return dec(now())
