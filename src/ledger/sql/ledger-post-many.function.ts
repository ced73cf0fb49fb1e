import { sqlFunction } from '../../core/database/sql-object';

/**
 * Group commit: several postings (a batch gathered by PostingBatcher from concurrent
 * requests) checked and written by one call, in the caller's transaction.
 *
 * p_postings is a JSON array; each element: id, village_id, kind, memo, reference_type,
 * reference_id, reverses_id, idempotency_key, created_by_kind, created_by_id,
 * created_by_name, no_overdraft, accounts (uuid[]), amounts (bigint[]), audit (the event's
 * record, as audit_event_insert takes it), and claim (scope, key: the request's
 * Idempotency-Key) or null.
 *
 * 0. The batch's idempotency keys are locked (advisory, in (scope, key) order: a batch in
 *    flight with one of them is waited for) and checked, not claimed: a posting whose key is
 *    held (and not expired) is skipped (r_refusal 'key_taken': its caller replays the stored
 *    response).
 *    The caller claims the accepted postings' keys with their responses in the same message,
 *    before COMMIT (ledger_claim_responses), one row write per key; a refused posting claims
 *    nothing, so its client may retry with the same key.
 * 1. The postings and their entries are read out of the JSON once, into arrays. Every
 *    household account named by the batch is locked once, in account-id order (the one
 *    global lock order, as ledger_post), then all the batch's accounts are read (system
 *    accounts are not locked: their balance lives in stripes).
 * 2. The postings are decided one by one, in array order, against running balances (arrays
 *    indexed by account, not a jsonb map rewritten per entry): a
 *    posting refused (the same reasons and first-entry rule as ledger_post) changes nothing
 *    and does not affect the others; one accepted moves the running balances the next see.
 * 3. The accepted postings are written set-based: their transactions, their entries (one
 *    statement, so the statement-level balance check and rollup run once for the batch),
 *    the final household balances, one stripe per system account for the batch's sum, and
 *    their audit events (the columns audit_event_insert writes, for all of them at once).
 * One row per posting: r_ord (0-based position in p_postings), and either r_refusal with
 * r_account / r_balance (the balance before, for overdraft) or r_posted_at and r_entries.
 * The caller claims the accepted postings' keys, with their responses, before committing
 * (ledger_claim_responses).
 */
export const ledgerPostMany = sqlFunction({
  name: 'ledger_post_many',
  arguments: 'p_postings jsonb',
  returns:
    'TABLE(r_ord integer, r_refusal character varying, r_account uuid, r_balance bigint, r_posted_at timestamp with time zone, r_entries json)',
  language: 'plpgsql',
  settings: ['plan_cache_mode=force_generic_plan', 'enable_seqscan=off', 'enable_hashjoin=off', 'enable_mergejoin=off'],
  body: `
DECLARE
  p_id uuid[];
  p_village uuid[];
  p_no_overdraft boolean[];
  p_taken boolean[];
  en_ord integer[];
  en_acc uuid[];
  en_amt bigint[];
  en_after bigint[];
  en_ok boolean[];
  a_id uuid[];
  a_kind varchar[];
  a_village uuid[];
  a_status varchar[];
  a_balance bigint[];
  a_touched boolean[];
  ok_ords integer[] := '{}';
  k integer := 1;
  first integer;
  ax integer;
  v_refusal varchar;
  v_account uuid;
  v_balance bigint;
  v_now timestamptz;
  s record;
BEGIN
  -- Each key is locked first (a transaction-scoped advisory lock, in (scope, key) order, before
  -- any row lock): a batch with one of the same keys, not yet committed, is waited for, so the
  -- check below sees its key taken and the posting replays that batch's answer instead of
  -- being decided again (and, say, refused for the points the first one spent).
  PERFORM pg_advisory_xact_lock(hashtextextended('idempotency:' || c.scope || E'\\n' || c.key, 0))
     FROM (SELECT q.p->'claim'->>'scope' AS scope, q.p->'claim'->>'key' AS key
             FROM jsonb_array_elements(p_postings) q(p)
            WHERE jsonb_typeof(q.p->'claim') = 'object'
            ORDER BY 1, 2) c;

  -- The postings and their entries read out of the JSON once, into arrays (entries flat, in
  -- posting order: en_ord is each entry's posting); p_taken: the posting's key is held.
  SELECT array_agg((q.p->>'id')::uuid ORDER BY q.n), array_agg((q.p->>'village_id')::uuid ORDER BY q.n),
         array_agg(coalesce((q.p->>'no_overdraft')::boolean, false) ORDER BY q.n),
         array_agg(jsonb_typeof(q.p->'claim') = 'object'
                   AND EXISTS (SELECT 1 FROM idempotency_keys k
                                WHERE k.scope = q.p->'claim'->>'scope' AND k.key = q.p->'claim'->>'key' AND k.expires_at >= now())
                   ORDER BY q.n)
    INTO p_id, p_village, p_no_overdraft, p_taken
    FROM jsonb_array_elements(p_postings) WITH ORDINALITY q(p, n);
  SELECT coalesce(array_agg((q.n - 1)::integer ORDER BY q.n, e.j), '{}'), array_agg(e.acc::uuid ORDER BY q.n, e.j),
         array_agg((q.p->'amounts'->>(e.j - 1)::integer)::bigint ORDER BY q.n, e.j)
    INTO en_ord, en_acc, en_amt
    FROM jsonb_array_elements(p_postings) WITH ORDINALITY q(p, n), jsonb_array_elements_text(q.p->'accounts') WITH ORDINALITY e(acc, j);
  en_after := array_fill(NULL::bigint, ARRAY[cardinality(en_ord)]);
  en_ok := array_fill(false, ARRAY[cardinality(en_ord)]);

  PERFORM FROM (SELECT a.id FROM ledger_accounts a WHERE a.id = ANY(en_acc) AND a.kind = 'household' ORDER BY a.id FOR NO KEY UPDATE) l;
  -- Read after the locks (a new statement, so the balances are those of the last commit).
  SELECT array_agg(a.id), array_agg(a.kind), array_agg(a.village_id), array_agg(a.status),
         array_agg(CASE WHEN a.kind = 'household' THEN a.balance END), array_agg(false)
    INTO a_id, a_kind, a_village, a_status, a_balance, a_touched
    FROM ledger_accounts a WHERE a.id = ANY(en_acc);
  -- After the locks: a batch that waited for another sees a later time than that one's postings.
  v_now := clock_timestamp();

  FOR i IN 0 .. coalesce(cardinality(p_id), 0) - 1 LOOP
    first := k;
    WHILE k <= cardinality(en_ord) AND en_ord[k] = i LOOP
      k := k + 1;
    END LOOP;
    IF p_taken[i + 1] THEN
      r_ord := i; r_refusal := 'key_taken'; r_account := NULL; r_balance := NULL; r_posted_at := NULL; r_entries := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    v_refusal := NULL;
    FOR j IN first .. k - 1 LOOP
      ax := array_position(a_id, en_acc[j]);
      IF ax IS NULL THEN
        v_refusal := 'unknown_account';
      ELSIF a_village[ax] <> p_village[i + 1] THEN
        v_refusal := 'other_village';
      ELSIF a_kind[ax] = 'household' AND a_status[ax] <> 'active' THEN
        v_refusal := 'frozen';
      ELSIF a_kind[ax] = 'household' AND p_no_overdraft[i + 1] AND en_amt[j] < 0 AND a_balance[ax] + en_amt[j] < 0 THEN
        v_refusal := 'overdraft';
      END IF;
      IF v_refusal IS NOT NULL THEN
        v_account := en_acc[j];
        v_balance := CASE WHEN a_kind[ax] = 'household' THEN a_balance[ax] END;
        EXIT;
      END IF;
    END LOOP;
    IF v_refusal IS NOT NULL THEN
      r_ord := i; r_refusal := v_refusal; r_account := v_account; r_balance := v_balance; r_posted_at := NULL; r_entries := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    FOR j IN first .. k - 1 LOOP
      ax := array_position(a_id, en_acc[j]);
      IF a_kind[ax] = 'household' THEN
        a_balance[ax] := a_balance[ax] + en_amt[j];
        a_touched[ax] := true;
        en_after[j] := a_balance[ax];
      END IF;
      en_ok[j] := true;
    END LOOP;
    ok_ords := ok_ords || i;
  END LOOP;

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

  UPDATE ledger_accounts a SET balance = u.balance
    FROM unnest(a_id, a_balance, a_touched) u(id, balance, touched)
   WHERE u.touched AND a.id = u.id;

  FOR s IN SELECT u.acc, sum(u.amt)::bigint AS amt FROM unnest(en_acc, en_amt, en_after, en_ok) u(acc, amt, after, ok)
            WHERE u.ok AND u.after IS NULL GROUP BY u.acc ORDER BY u.acc LOOP
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
    SELECT p_id[u.ord + 1], u.acc, p_village[u.ord + 1], u.amt, u.after, v_now
      FROM unnest(en_ord, en_acc, en_amt, en_after, en_ok) WITH ORDINALITY u(ord, acc, amt, after, ok, n)
     WHERE u.ok
     ORDER BY u.n
    RETURNING ledger_entries.id, ledger_entries.transaction_id, ledger_entries.account_id, ledger_entries.balance_after
  )
  SELECT o.i, NULL::varchar, NULL::uuid, NULL::bigint, v_now,
         (SELECT json_agg(json_build_object('accountId', ins.account_id, 'id', ins.id::text, 'balanceAfter', ins.balance_after::text) ORDER BY ins.id)
            FROM ins WHERE ins.transaction_id = p_id[o.i + 1])
    FROM unnest(ok_ords) o(i);
END `,
});
