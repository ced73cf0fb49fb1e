import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * Refuses every change to audit_events. The one change allowed, sealing (an unsealed event
 * gets its chain_seq, hash and sealed_at, and nothing else moves), never reaches it: the
 * UPDATE trigger's WHEN clause lets a seal through without a PL/pgSQL call, which with its
 * row comparison was more than half of a seal's time (npm run bench:audit-seal).
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

/** A column of an event and how a seal must leave it: the same text (varchar, jsonb) or the same value. */
interface ContentColumn {
  name: string;
  as: 'text' | 'value';
}

/**
 * The columns an event was made of when migration AuditSealCheckInWhen created the seal check
 * (it creates the trigger from this list, whatever is added to audit_events later). jsonb is
 * compared as text: jsonb equality takes 1 and 1.0 for the same, and the chain hashes the text.
 */
export const AUDIT_EVENT_COLUMNS_AT_SEAL_CHECK: readonly ContentColumn[] = [
  { name: 'id', as: 'value' },
  { name: 'occurred_at', as: 'value' },
  { name: 'actor_kind', as: 'text' },
  { name: 'actor_id', as: 'value' },
  { name: 'actor_name', as: 'text' },
  { name: 'actor_roles', as: 'value' },
  { name: 'action', as: 'text' },
  { name: 'entity_type', as: 'text' },
  { name: 'entity_id', as: 'text' },
  { name: 'village_id', as: 'value' },
  { name: 'chain_id', as: 'value' },
  { name: 'request_id', as: 'text' },
  { name: 'ip', as: 'text' },
  { name: 'before', as: 'text' },
  { name: 'after', as: 'text' },
];

/**
 * Every column of audit_events but the seal's own: a seal must leave each as it was. A column
 * added to audit_events goes here, with a migration that creates the triggers anew
 * (test/schema.e2e-spec.ts fails until it does).
 */
export const AUDIT_EVENT_CONTENT_COLUMNS: readonly ContentColumn[] = AUDIT_EVENT_COLUMNS_AT_SEAL_CHECK;

/** The guard's triggers, the seal compared on `columns`; as PostgreSQL prints them (ORs flattened). */
export function auditEventsAppendOnlyTriggersOn(columns: readonly ContentColumn[]) {
  const moved = columns.map(({ name, as }) =>
    as === 'text' ? `((new.${name})::text IS DISTINCT FROM (old.${name})::text)` : `(new.${name} IS DISTINCT FROM old.${name})`,
  );
  const isSeal =
    '(old.hash IS NULL) AND (old.chain_seq IS NULL) AND (new.hash IS NOT NULL) AND (new.chain_seq IS NOT NULL) AND (new.sealed_at IS NOT NULL)' +
    ` AND (NOT (${moved.join(' OR ')}))`;
  return [
    sqlTrigger('audit_events_no_truncate', 'audit_events', 'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()'),
    sqlTrigger('audit_events_no_delete', 'audit_events', 'CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()'),
    sqlTrigger(
      'audit_events_no_update',
      'audit_events',
      `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON public.audit_events FOR EACH ROW WHEN ((NOT (${isSeal}))) EXECUTE FUNCTION audit_events_append_only()`,
    ),
  ];
}

export const auditEventsAppendOnlyTriggers = auditEventsAppendOnlyTriggersOn(AUDIT_EVENT_CONTENT_COLUMNS);

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
