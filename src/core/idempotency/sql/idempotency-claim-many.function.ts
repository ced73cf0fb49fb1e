import { sqlFunction } from '../../database/sql-object';

/**
 * Group commit's claim of its keys, made together with their responses just before COMMIT (the
 * batch locked and checked its keys at its start: ledger_post_many). p is a JSON array of
 * (scope, key, village_id, hash, status, body, retention). A free or expired key is taken. A
 * key some other request claimed since the check all the same (waited for on the unique
 * index, if that request is still in flight) fails the whole transaction with a serialization
 * failure: the batch is run again, and then finds that key taken and replays its response.
 * Keys are claimed in (scope, key) order, so two batches never wait on each other in a cycle.
 */
export const idempotencyClaimMany = sqlFunction({
  name: 'idempotency_claim_many',
  arguments: 'p jsonb',
  returns: 'void',
  language: 'plpgsql',
  body: `
DECLARE
  claimed integer;
BEGIN
  WITH c AS (
    INSERT INTO idempotency_keys (scope, key, village_id, request_hash, status_code, response_body, expires_at)
    SELECT r.scope, r.key, r.village_id, r.hash, r.status, r.body, now() + r.retention::interval
      FROM jsonb_to_recordset(p) AS r(scope varchar, key varchar, village_id uuid, hash varchar, status smallint, body text, retention varchar)
     ORDER BY 1, 2
    ON CONFLICT (scope, key) DO UPDATE
      SET village_id = EXCLUDED.village_id, request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
          response_body = EXCLUDED.response_body, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at < now()
    RETURNING 1
  )
  SELECT count(*) INTO claimed FROM c;
  IF claimed < jsonb_array_length(p) THEN
    RAISE EXCEPTION 'an Idempotency-Key of the batch was claimed by another request meanwhile'
      USING ERRCODE = 'serialization_failure';
  END IF;
END `,
});
