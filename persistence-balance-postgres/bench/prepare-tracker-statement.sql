-- The PostgresBalanceTracker prepare call (amount 1, no minimum balance, unidentified) on the bench
-- tables (prefix lkbench_), as sent by the tracker, for pgbench: one call of the server-side
-- function balance_apply_ops with one item (see internal/Sql.java and the changelog).
\set id random(0, 999)
SELECT r_status, r_clearing, r_prepaid, r_v1, r_v2, r_key, r_kind, r_amount, r_min, r_state, r_created, r_expires, r_resolved, r_now FROM lkbench_balance_apply_ops(ARRAY[1]::int2[], ARRAY['bench-' || :id]::varchar[], ARRAY[1]::int8[], ARRAY[NULL]::int8[], ARRAY[NULL]::int8[], ARRAY[NULL]::uuid[], ARRAY[NULL]::varchar[], ARRAY[NULL]::int8[])
