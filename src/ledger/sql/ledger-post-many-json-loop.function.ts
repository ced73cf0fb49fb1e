import { sqlFunction } from '../../core/database/sql-object';
import { ledgerPostMany } from './ledger-post-many.function';

/** The same function as it was before migration LedgerPostManyLateClaims (each posting decided in jsonb, its key claimed first; that migration's down restores it). */
export const ledgerPostManyJsonLoop = sqlFunction({
  ...ledgerPostMany,
  body: `
DECLARE
  v_ids uuid[];
  info jsonb;
  p jsonb;
  a jsonb;
  acc text;
  amt bigint;
  v_after bigint;
  v_refusal varchar;
  v_account uuid;
  v_balance bigint;
  v_now timestamptz;
  ok_ords integer[] := '{}';
  e_tx uuid[] := '{}';
  e_acc uuid[] := '{}';
  e_village uuid[] := '{}';
  e_amt bigint[] := '{}';
  e_after bigint[] := '{}';
  s record;
  taken integer[];
  released integer[] := '{}';
BEGIN
  WITH c AS (
    INSERT INTO idempotency_keys (scope, key, village_id, request_hash, expires_at)
    SELECT q.p->'claim'->>'scope', q.p->'claim'->>'key', (q.p->'claim'->>'village_id')::uuid, q.p->'claim'->>'hash',
           now() + (q.p->'claim'->>'retention')::interval
      FROM jsonb_array_elements(p_postings) q(p)
     WHERE jsonb_typeof(q.p->'claim') = 'object'
     ORDER BY 1, 2
    ON CONFLICT (scope, key) DO UPDATE
      SET village_id = EXCLUDED.village_id, request_hash = EXCLUDED.request_hash, status_code = NULL,
          response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at < now()
    RETURNING idempotency_keys.scope, idempotency_keys.key
  )
  SELECT coalesce(array_agg((q.n - 1)::integer), '{}') INTO taken
    FROM jsonb_array_elements(p_postings) WITH ORDINALITY q(p, n)
   WHERE jsonb_typeof(q.p->'claim') = 'object'
     AND NOT EXISTS (SELECT 1 FROM c WHERE c.scope = q.p->'claim'->>'scope' AND c.key = q.p->'claim'->>'key');

  SELECT array_agg(DISTINCT x.id::uuid) INTO v_ids
    FROM jsonb_array_elements(p_postings) q(p), jsonb_array_elements_text(q.p->'accounts') x(id);
  SELECT coalesce(jsonb_object_agg(l.id, jsonb_build_array(l.kind, l.village_id, l.status, l.balance)), '{}') INTO info
    FROM (SELECT a.id, a.kind, a.village_id, a.status, a.balance FROM ledger_accounts a
           WHERE a.id = ANY(v_ids) AND a.kind = 'household' ORDER BY a.id FOR NO KEY UPDATE) l;
  info := info || (SELECT coalesce(jsonb_object_agg(a.id, jsonb_build_array(a.kind, a.village_id, a.status, NULL)), '{}')
                     FROM ledger_accounts a WHERE a.id = ANY(v_ids) AND a.kind <> 'household');
  -- After the locks: a batch that waited for another sees a later time than that one's postings.
  v_now := clock_timestamp();

  FOR i IN 0 .. jsonb_array_length(p_postings) - 1 LOOP
    p := p_postings->i;
    IF i = ANY(taken) THEN
      r_ord := i; r_refusal := 'key_taken'; r_account := NULL; r_balance := NULL; r_posted_at := NULL; r_entries := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    v_refusal := NULL;
    FOR j IN 0 .. jsonb_array_length(p->'accounts') - 1 LOOP
      acc := p->'accounts'->>j;
      amt := (p->'amounts'->>j)::bigint;
      a := info->acc;
      IF a IS NULL THEN
        v_refusal := 'unknown_account';
      ELSIF (a->>1)::uuid <> (p->>'village_id')::uuid THEN
        v_refusal := 'other_village';
      ELSIF a->>0 = 'household' AND a->>2 <> 'active' THEN
        v_refusal := 'frozen';
      ELSIF a->>0 = 'household' AND (p->>'no_overdraft')::boolean AND amt < 0 AND (a->>3)::bigint + amt < 0 THEN
        v_refusal := 'overdraft';
      END IF;
      IF v_refusal IS NOT NULL THEN
        v_account := acc::uuid;
        v_balance := CASE WHEN a->>0 = 'household' THEN (a->>3)::bigint END;
        EXIT;
      END IF;
    END LOOP;
    IF v_refusal IS NOT NULL THEN
      r_ord := i; r_refusal := v_refusal; r_account := v_account; r_balance := v_balance; r_posted_at := NULL; r_entries := NULL;
      RETURN NEXT;
      IF jsonb_typeof(p->'claim') = 'object' THEN
        released := released || i;
      END IF;
      CONTINUE;
    END IF;
    FOR j IN 0 .. jsonb_array_length(p->'accounts') - 1 LOOP
      acc := p->'accounts'->>j;
      amt := (p->'amounts'->>j)::bigint;
      a := info->acc;
      v_after := NULL;
      IF a->>0 = 'household' THEN
        v_after := (a->>3)::bigint + amt;
        info := jsonb_set(info, ARRAY[acc, '3'], to_jsonb(v_after));
      END IF;
      e_tx := e_tx || (p->>'id')::uuid;
      e_acc := e_acc || acc::uuid;
      e_village := e_village || (p->>'village_id')::uuid;
      e_amt := e_amt || amt;
      e_after := e_after || v_after;
    END LOOP;
    ok_ords := ok_ords || i;
  END LOOP;

  IF cardinality(released) > 0 THEN
    DELETE FROM idempotency_keys k USING unnest(released) r(i)
     WHERE k.scope = p_postings->r.i->'claim'->>'scope' AND k.key = p_postings->r.i->'claim'->>'key';
  END IF;
  IF cardinality(ok_ords) = 0 THEN
    RETURN;
  END IF;

  INSERT INTO ledger_transactions (id, village_id, kind, memo, reference_type, reference_id, reverses_id, idempotency_key,
                                   created_by_kind, created_by_id, created_by_name, posted_at)
  SELECT (q.p->>'id')::uuid, (q.p->>'village_id')::uuid, q.p->>'kind', q.p->>'memo', q.p->>'reference_type', q.p->>'reference_id',
         (q.p->>'reverses_id')::uuid, q.p->>'idempotency_key', q.p->>'created_by_kind', (q.p->>'created_by_id')::uuid,
         q.p->>'created_by_name', v_now
    FROM unnest(ok_ords) o(i), LATERAL (SELECT p_postings->o.i AS p) q
   ORDER BY o.i;

  UPDATE ledger_accounts a SET balance = (info->(a.id::text)->>3)::bigint
   WHERE a.id = ANY(v_ids) AND a.kind = 'household' AND a.id = ANY(e_acc);

  FOR s IN SELECT u.acc, sum(u.amt)::bigint AS amt FROM unnest(e_acc, e_amt, e_after) u(acc, amt, after)
            WHERE u.after IS NULL GROUP BY u.acc ORDER BY u.acc LOOP
    UPDATE ledger_balance_stripes b SET balance = b.balance + s.amt
     WHERE b.account_id = s.acc AND b.stripe = (SELECT x.stripe FROM ledger_balance_stripes x WHERE x.account_id = s.acc
                                                 ORDER BY random() LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED);
    IF NOT FOUND THEN
      -- Every stripe busy: wait for one.
      UPDATE ledger_balance_stripes b SET balance = b.balance + s.amt WHERE b.account_id = s.acc AND b.stripe = floor(random() * 16)::int;
    END IF;
  END LOOP;

  INSERT INTO audit_events (actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, village_id,
                            chain_id, request_id, ip, before, after)
  SELECT e.actor_kind, e.actor_id, e.actor_name, coalesce(e.actor_roles, '{}'), e.action, e.entity_type, e.entity_id, e.village_id,
         coalesce(e.village_id, '00000000-0000-0000-0000-000000000000'::uuid), e.request_id, e.ip, e.before, e.after
    FROM unnest(ok_ords) WITH ORDINALITY o(i, n), LATERAL jsonb_populate_record(NULL::audit_events, p_postings->o.i->'audit') e
   ORDER BY o.n;

  RETURN QUERY
  WITH ins AS (
    INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
    SELECT u.tx, u.acc, u.village, u.amt, u.after, v_now
      FROM unnest(e_tx, e_acc, e_village, e_amt, e_after) WITH ORDINALITY u(tx, acc, village, amt, after, n)
     ORDER BY u.n
    RETURNING ledger_entries.id, ledger_entries.transaction_id, ledger_entries.account_id, ledger_entries.balance_after
  )
  SELECT o.i, NULL::varchar, NULL::uuid, NULL::bigint, v_now,
         (SELECT json_agg(json_build_object('accountId', ins.account_id, 'id', ins.id::text, 'balanceAfter', ins.balance_after::text) ORDER BY ins.id)
            FROM ins WHERE ins.transaction_id = (p_postings->o.i->>'id')::uuid)
    FROM unnest(ok_ords) o(i);
END `,
});
