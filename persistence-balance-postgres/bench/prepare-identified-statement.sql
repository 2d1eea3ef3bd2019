-- The PostgresBalanceTracker identified prepare call (amount 1, no minimum, a fresh operation id,
-- no expiry) on the bench tables (prefix lkbench_), for pgbench: compare with
-- prepare-tracker-statement.sql for the cost of the operation record.
\set id random(0, 999)
SELECT r_status, r_clearing, r_prepaid, r_v1, r_v2, r_key, r_kind, r_amount, r_min, r_state, r_created, r_expires, r_resolved, r_now FROM lkbench_balance_apply_ops(ARRAY[1]::int2[], ARRAY['bench-' || :id]::varchar[], ARRAY[1]::int8[], ARRAY[NULL]::int8[], ARRAY[NULL]::int8[], ARRAY[NULL]::uuid[], ARRAY[gen_random_uuid()::text]::varchar[], ARRAY[NULL]::int8[])
