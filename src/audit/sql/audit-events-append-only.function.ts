import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * Refuses every change to audit_events. The one change allowed, sealing (an unsealed event
 * gets its chain_seq, hash and sealed_at, and nothing else moves), never reaches it: the
 * UPDATE trigger's WHEN clause lets a seal through without a PL/pgSQL call (the sealer
 * seals every event, and the call with its row comparison was a quarter of a seal's cost).
 */
export const auditEventsAppendOnly = sqlFunction({
  name: 'audit_events_append_only',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END `,
});

/**
 * The columns an event is made of: a seal must leave every one as it was. A column added to
 * audit_events must be added here (test/schema.e2e-spec.ts fails until it is).
 */
export const AUDIT_EVENT_CONTENT_COLUMNS = [
  'id',
  'occurred_at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'actor_roles',
  'action',
  'entity_type',
  'entity_id',
  'village_id',
  'chain_id',
  'request_id',
  'ip',
  'before',
  'after',
] as const;

/** The content comparison as PostgreSQL prints it in the trigger's WHEN (varchar columns compared as text). */
const VARCHAR_COLUMNS = new Set(['actor_kind', 'actor_name', 'action', 'entity_type', 'entity_id', 'request_id', 'ip']);
const distinct = AUDIT_EVENT_CONTENT_COLUMNS.map((c) => (VARCHAR_COLUMNS.has(c) ? `((new.${c})::text IS DISTINCT FROM (old.${c})::text)` : `(new.${c} IS DISTINCT FROM old.${c})`));
const anyMoved = `(${distinct.join(' OR ')})`;
const isSeal =
  '(old.hash IS NULL) AND (old.chain_seq IS NULL) AND (new.hash IS NOT NULL) AND (new.chain_seq IS NOT NULL) AND (new.sealed_at IS NOT NULL)' +
  ` AND (NOT ${anyMoved})`;

export const auditEventsAppendOnlyTriggers = [
  sqlTrigger('audit_events_no_truncate', 'audit_events', 'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()'),
  sqlTrigger('audit_events_no_delete', 'audit_events', 'CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()'),
  sqlTrigger(
    'audit_events_no_update',
    'audit_events',
    `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON public.audit_events FOR EACH ROW WHEN ((NOT (${isSeal}))) EXECUTE FUNCTION audit_events_append_only()`,
  ),
];

/**
 * Before migration AuditSealCheckInWhen (its down restores them): one row trigger for UPDATE
 * and DELETE whose function let a seal through after comparing the rows as jsonb.
 */
export const auditEventsAppendOnlyJsonCompare = sqlFunction({
  ...auditEventsAppendOnly,
  body: `
      BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
           AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.sealed_at IS NOT NULL
           AND (to_jsonb(NEW) - 'hash' - 'chain_seq' - 'sealed_at') = (to_jsonb(OLD) - 'hash' - 'chain_seq' - 'sealed_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END `,
});
export const auditEventsAppendOnlyJsonCompareTriggers = [
  sqlTrigger('audit_events_no_update_delete', 'audit_events', 'CREATE TRIGGER audit_events_no_update_delete BEFORE DELETE OR UPDATE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()'),
];
