import { sqlFunction } from '../../core/database/sql-object';

/**
 * The one INSERT of an audit event, from its fields as one record (AuditEventRecord, sent as
 * jsonb: measured no slower than a composite type, and the driver sends it without a
 * hand-written record literal). AuditService.record and ledger_post both call it. The event
 * is chained (chain_seq, hash) after commit by the sealer; its chain follows from its village.
 */
export const auditEventInsert = sqlFunction({
  name: 'audit_event_insert',
  arguments: 'p_event jsonb',
  returns: 'void',
  language: 'plpgsql',
  body: `
BEGIN
  INSERT INTO audit_events (actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, village_id,
                            chain_id, request_id, ip, before, after)
  SELECT e.actor_kind, e.actor_id, e.actor_name, coalesce(e.actor_roles, '{}'), e.action, e.entity_type, e.entity_id, e.village_id,
         coalesce(e.village_id, '00000000-0000-0000-0000-000000000000'::uuid), e.request_id, e.ip, e.before, e.after
    FROM jsonb_populate_record(NULL::audit_events, p_event) e;
END `,
});
