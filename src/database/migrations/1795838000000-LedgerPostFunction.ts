import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's posting statement as a function, `ledger_post`, so that PostgreSQL plans it
 * once per connection: as a client statement it was planned on every call (its array
 * parameters make the planner prefer a custom plan), and planning cost about as much as
 * running it. `SET plan_cache_mode = force_generic_plan` applies to the function's own
 * statement only. What the statement does is documented at LedgerRepository.post.
 */
export class LedgerPostFunction1795838000000 implements MigrationInterface {
  name = 'LedgerPostFunction1795838000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ledger_post(
        p_id uuid, p_village_id uuid, p_kind varchar, p_memo varchar, p_reference_type varchar, p_reference_id varchar,
        p_reverses_id uuid, p_idempotency_key varchar, p_created_by_kind varchar, p_created_by_id uuid, p_created_by_name varchar,
        p_account_ids uuid[], p_amounts bigint[], p_is_system boolean[], p_no_overdraft boolean,
        p_audit_actor_kind varchar, p_audit_actor_id uuid, p_audit_actor_name varchar, p_audit_actor_roles text[],
        p_audit_action varchar, p_audit_entity_type varchar, p_audit_entity_id varchar, p_audit_village_id uuid,
        p_audit_request_id varchar, p_audit_ip varchar, p_audit_before jsonb, p_audit_after jsonb)
      RETURNS TABLE (r_ok boolean, r_posted_at timestamptz, r_accounts json, r_entry_ids json, r_striped text[])
      LANGUAGE plpgsql
      SET plan_cache_mode = force_generic_plan
      AS $$
      BEGIN
        RETURN QUERY
        WITH x AS MATERIALIZED (
          SELECT u.account_id, u.amount, u.is_system, u.ord
            FROM unnest(p_account_ids, p_amounts, p_is_system) WITH ORDINALITY AS u(account_id, amount, is_system, ord)
        ), locked AS MATERIALIZED (
          SELECT a.id, a.balance, a.status, a.village_id FROM ledger_accounts a
           WHERE a.id IN (SELECT x.account_id FROM x WHERE NOT x.is_system) AND a.kind = 'household'
           ORDER BY a.id FOR NO KEY UPDATE
        ), calc AS MATERIALIZED (
          SELECT x.account_id, x.amount, x.ord, x.is_system, l.balance AS before, l.status, l.village_id,
                 CASE WHEN x.is_system THEN NULL ELSE l.balance + x.amount END AS after
            FROM x LEFT JOIN locked l ON l.id = x.account_id
        ), verdict AS MATERIALIZED (
          SELECT coalesce(bool_and(c.is_system OR (c.before IS NOT NULL AND c.village_id = p_village_id AND c.status = 'active'
                                                  AND (c.amount >= 0 OR c.after >= 0 OR NOT p_no_overdraft))), false) AS ok
            FROM calc c
        ), t AS (
          INSERT INTO ledger_transactions (id, village_id, kind, memo, reference_type, reference_id, reverses_id, idempotency_key,
                                           created_by_kind, created_by_id, created_by_name)
          SELECT p_id, p_village_id, p_kind, p_memo, p_reference_type, p_reference_id, p_reverses_id, p_idempotency_key,
                 p_created_by_kind, p_created_by_id, p_created_by_name
            FROM verdict WHERE verdict.ok
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
        ), s AS (
          UPDATE ledger_balance_stripes b SET balance = b.balance + pick.amount
            FROM pick WHERE b.account_id = pick.account_id AND b.stripe = pick.stripe
          RETURNING b.account_id
        ), ev AS (
          INSERT INTO audit_events (actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, village_id,
                                    chain_id, request_id, ip, before, after)
          SELECT p_audit_actor_kind, p_audit_actor_id, p_audit_actor_name, p_audit_actor_roles, p_audit_action, p_audit_entity_type,
                 p_audit_entity_id, p_audit_village_id, COALESCE(p_audit_village_id, '00000000-0000-0000-0000-000000000000'::uuid),
                 p_audit_request_id, p_audit_ip, p_audit_before, p_audit_after
            FROM t
        )
        SELECT (SELECT verdict.ok FROM verdict),
               (SELECT t.posted_at FROM t),
               (SELECT json_agg(json_build_object('accountId', c.account_id, 'before', c.before::text, 'status', c.status, 'villageId', c.village_id)
                                ORDER BY c.ord) FROM calc c),
               (SELECT json_object_agg(e.account_id, e.id::text) FROM e),
               (SELECT array_agg(s.account_id::text) FROM s);
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ledger_post(uuid, uuid, varchar, varchar, varchar, varchar, uuid, varchar, varchar, uuid, varchar,
      uuid[], bigint[], boolean[], boolean, varchar, uuid, varchar, text[], varchar, varchar, varchar, uuid, varchar, varchar, jsonb, jsonb)`);
  }
}
