-- A minimal conditional UPDATE equivalent to one bench prepare (amount 1, no minimum balance):
-- take from prepaid first, the rest from clearing, refuse a 64-bit underflow, return the balance.
-- Run against the bench tables (prefix lkbench_) created by `ledgerkit bench balances --store postgres`.
\set id random(0, 999)
UPDATE lkbench_balance_accounts
   SET prepaid = prepaid - least(prepaid, 1),
       clearing = clearing - (1 - least(prepaid, 1))
 WHERE account_id = 'bench-' || :id
   AND clearing::numeric - (1 - least(prepaid, 1)) >= -9223372036854775808
RETURNING clearing, prepaid;
