import { sqlFunction } from '../../core/database/sql-object';

/**
 * The ledger's posting statement, one round trip (what it does: LedgerRepository.post).
 * A function so that PostgreSQL plans it once per connection (as a client statement its
 * array parameters made the planner re-plan every call, costing about as much as running
 * it). The settings give it one generic plan of primary-key probes whatever the table sizes
 * were when a connection first planned it (a plan made on a nearly empty ledger scanned
 * and sorted ledger_accounts for the connection's life).
 *
 * Every named account is looked up here: households are locked in account-id order (the
 * one global lock order) and their balance read under the lock; system accounts are read
 * without a lock (their balance lives in stripes). The first entry that cannot be posted
 * gives the refusal: unknown_account, other_village (household or system account of
 * another village), frozen, overdraft (r_balance: the balance before). Nothing is written
 * then. Otherwise the transaction, its entries, the household balances, one stripe per
 * system account (r_striped: those that found a free stripe) and the audit event
 * (audit_event_insert, from p_audit) are written.
 */
export const ledgerPost = sqlFunction({
  name: 'ledger_post',
  arguments:
    'p_id uuid, p_village_id uuid, p_kind character varying, p_memo character varying, p_reference_type character varying, ' +
    'p_reference_id character varying, p_reverses_id uuid, p_idempotency_key character varying, p_created_by_kind character varying, ' +
    'p_created_by_id uuid, p_created_by_name character varying, p_account_ids uuid[], p_amounts bigint[], p_no_overdraft boolean, p_audit jsonb',
  returns:
    'TABLE(r_refusal character varying, r_account uuid, r_balance bigint, r_posted_at timestamp with time zone, r_entries json, r_striped text[])',
  language: 'plpgsql',
  settings: ['plan_cache_mode=force_generic_plan', 'enable_seqscan=off', 'enable_hashjoin=off', 'enable_mergejoin=off'],
  body: `
BEGIN
  WITH x AS MATERIALIZED (
    SELECT u.account_id, u.amount, u.ord
      FROM unnest(p_account_ids, p_amounts) WITH ORDINALITY AS u(account_id, amount, ord)
  ), locked AS MATERIALIZED (
    SELECT a.id, a.balance, a.status, a.village_id FROM ledger_accounts a
     WHERE a.id IN (SELECT x.account_id FROM x) AND a.kind = 'household'
     ORDER BY a.id FOR NO KEY UPDATE
  ), sys AS MATERIALIZED (
    SELECT a.id, a.village_id FROM ledger_accounts a
     WHERE a.id IN (SELECT x.account_id FROM x) AND a.kind <> 'household'
  ), calc AS MATERIALIZED (
    SELECT x.account_id, x.amount, x.ord, sys.id IS NOT NULL AS is_system, l.balance AS before, l.balance + x.amount AS after,
           CASE WHEN l.id IS NULL AND sys.id IS NULL THEN 'unknown_account'
                WHEN coalesce(l.village_id, sys.village_id) <> p_village_id THEN 'other_village'
                WHEN l.status <> 'active' THEN 'frozen'
                WHEN p_no_overdraft AND x.amount < 0 AND l.balance + x.amount < 0 THEN 'overdraft'
           END AS refusal
      FROM x LEFT JOIN locked l ON l.id = x.account_id LEFT JOIN sys ON sys.id = x.account_id
  ), refused AS MATERIALIZED (
    SELECT c.refusal, c.account_id, c.before FROM calc c WHERE c.refusal IS NOT NULL ORDER BY c.ord LIMIT 1
  ), t AS (
    INSERT INTO ledger_transactions (id, village_id, kind, memo, reference_type, reference_id, reverses_id, idempotency_key,
                                     created_by_kind, created_by_id, created_by_name)
    SELECT p_id, p_village_id, p_kind, p_memo, p_reference_type, p_reference_id, p_reverses_id, p_idempotency_key,
           p_created_by_kind, p_created_by_id, p_created_by_name
     WHERE NOT EXISTS (SELECT 1 FROM refused)
    RETURNING ledger_transactions.id, ledger_transactions.posted_at
  ), e AS (
    INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
    SELECT t.id, c.account_id, p_village_id, c.amount, c.after, t.posted_at FROM t, calc c ORDER BY c.ord
    RETURNING ledger_entries.id, ledger_entries.account_id
  ), h AS (
    UPDATE ledger_accounts a SET balance = c.after
      FROM calc c WHERE a.id = c.account_id AND NOT c.is_system AND EXISTS (SELECT 1 FROM t)
  ), pick AS MATERIALIZED (
    SELECT c.account_id, c.amount,
           (SELECT p.stripe FROM ledger_balance_stripes p WHERE p.account_id = c.account_id
             ORDER BY random() LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED) AS stripe
      FROM calc c WHERE c.is_system AND EXISTS (SELECT 1 FROM t)
  ), st AS (
    UPDATE ledger_balance_stripes b SET balance = b.balance + pick.amount
      FROM pick WHERE b.account_id = pick.account_id AND b.stripe = pick.stripe
    RETURNING b.account_id
  )
  SELECT (SELECT refused.refusal FROM refused), (SELECT refused.account_id FROM refused), (SELECT refused.before FROM refused),
         (SELECT t.posted_at FROM t),
         (SELECT json_agg(json_build_object('accountId', c.account_id, 'id', e.id::text, 'balanceAfter', c.after::text) ORDER BY c.ord)
            FROM calc c JOIN e ON e.account_id = c.account_id),
         (SELECT array_agg(st.account_id::text) FROM st)
    INTO r_refusal, r_account, r_balance, r_posted_at, r_entries, r_striped;
  IF r_refusal IS NULL THEN
    PERFORM audit_event_insert(p_audit);
  END IF;
  RETURN NEXT;
END `,
});
