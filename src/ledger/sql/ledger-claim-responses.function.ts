import { sqlFunction } from '../../core/database/sql-object';

/**
 * Group commit's idempotency claims, made in the batch's own message right after
 * ledger_post_many, so that postings, keys and responses are committed in one round trip.
 *
 * p is a JSON array of (id: the posting's transaction id, accounts: its entries' accounts in
 * the posting's order, scope, key, village_id, hash, status, template, retention). A response
 * cannot be rendered before its posting is written, so the caller sends a template instead:
 * the response as the app renders it, with its posting's time and its entries' ids and
 * balances cut out for format()'s positional arguments (the time %1$s; entry k's id
 * %(2k+2)$s and its balance after %(2k+3)$s, k the entry's place in accounts), written here
 * as the app writes them: the time as an ISO string with milliseconds (truncated, like the
 * app's reading of a timestamptz), an id as a JSON string, a balance as a JSON number or null.
 *
 * A posting ledger_post_many accepted has its transaction row written by this transaction
 * (its xmin is this transaction's id). Only those keys are
 * claimed (idempotency_claim_many: a key claimed by another request meanwhile fails the
 * transaction with a serialization failure), and one row per claim is returned, the
 * transaction id and the response body as stored. A refused posting claims nothing; nor does
 * one whose key was taken, even when its transaction row exists: when a batch's connection
 * drops after its COMMIT went through, the batch (of more than one posting) is split and its
 * postings written one by one, with the same transaction ids; a posting with a key then finds
 * its key and its row there, claims nothing and replays the stored answer.
 *
 * The test of xmin needs the batch's rows to carry its top-level transaction id: no function
 * the batch runs (nor a trigger they fire) may open a subtransaction (an EXCEPTION block), which
 * a unit test holds every declared function to.
 */
export const ledgerClaimResponses = sqlFunction({
  name: 'ledger_claim_responses',
  arguments: 'p jsonb',
  returns: 'TABLE(r_id uuid, r_body text)',
  language: 'plpgsql',
  settings: ['plan_cache_mode=force_generic_plan', 'enable_seqscan=off', 'enable_hashjoin=off', 'enable_mergejoin=off'],
  body: `
DECLARE
  ids uuid[];
  bodies text[];
  claims jsonb;
BEGIN
  SELECT array_agg(f.id), array_agg(f.body),
         jsonb_agg(jsonb_build_object('scope', f.scope, 'key', f.key, 'village_id', f.village_id, 'hash', f.hash,
                                      'status', f.status, 'body', f.body, 'retention', f.retention))
    INTO ids, bodies, claims
    FROM (SELECT c.id, c.scope, c.key, c.village_id, c.hash, c.status, c.retention,
                 format(c.template, VARIADIC
                        ARRAY[to_json(to_char(t.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text]
                        || ARRAY(SELECT v.x
                                   FROM ledger_entries e,
                                        LATERAL (VALUES (1, to_json(e.id::text)::text), (2, coalesce(e.balance_after::text, 'null'))) v(n, x)
                                  WHERE e.transaction_id = t.id
                                  ORDER BY array_position(c.accounts, e.account_id), v.n)) AS body
            FROM jsonb_to_recordset(p) AS c(id uuid, accounts uuid[], scope varchar, key varchar, village_id uuid, hash varchar,
                                            status smallint, template text, retention varchar)
            -- Each claim's row looked up by its id. OFFSET 0 keeps the lookup a subquery of its own:
            -- joined, the test of xmin was planned as a scan of every transaction.
            CROSS JOIN LATERAL (SELECT x.id, x.posted_at FROM ledger_transactions x
                                 WHERE x.id = c.id AND x.xmin = pg_current_xact_id()::xid OFFSET 0) t
          -- Once more: the body is rendered once, not once for each aggregate above.
          OFFSET 0) f;
  IF claims IS NOT NULL THEN
    PERFORM idempotency_claim_many(claims);
  END IF;
  RETURN QUERY SELECT u.id, u.body FROM unnest(ids, bodies) u(id, body);
END `,
});

/**
 * ledger_claim_responses as migration LedgerClaimResponses created it (and
 * LedgerClaimResponsesOwnRows' down restores): every claim joined to its transaction row, with
 * no test of xmin (a batch rerun after a lost commit reply failed on its own keys), and the
 * template's values placed in the order the entries were written.
 */
export const ledgerClaimResponsesFirst = sqlFunction({
  ...ledgerClaimResponses,
  body: `
DECLARE
  ids uuid[];
  bodies text[];
  claims jsonb;
BEGIN
  SELECT array_agg(f.id), array_agg(f.body),
         jsonb_agg(jsonb_build_object('scope', f.scope, 'key', f.key, 'village_id', f.village_id, 'hash', f.hash,
                                      'status', f.status, 'body', f.body, 'retention', f.retention))
    INTO ids, bodies, claims
    FROM (SELECT c.id, c.scope, c.key, c.village_id, c.hash, c.status, c.retention,
                 format(c.template, VARIADIC
                        ARRAY[to_json(to_char(t.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text]
                        || ARRAY(SELECT v.x
                                   FROM ledger_entries e,
                                        LATERAL (VALUES (1, to_json(e.id::text)::text), (2, coalesce(e.balance_after::text, 'null'))) v(n, x)
                                  WHERE e.transaction_id = t.id
                                  ORDER BY e.id, v.n)) AS body
            FROM jsonb_to_recordset(p) AS c(id uuid, scope varchar, key varchar, village_id uuid, hash varchar, status smallint,
                                            template text, retention varchar)
            JOIN ledger_transactions t ON t.id = c.id) f;
  IF claims IS NOT NULL THEN
    PERFORM idempotency_claim_many(claims);
  END IF;
  RETURN QUERY SELECT u.id, u.body FROM unnest(ids, bodies) u(id, body);
END `,
});
