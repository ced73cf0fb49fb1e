import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AUDIT_EVENT_COLUMNS_AT_SEAL_CHECK,
  auditEventsAppendOnly,
  auditEventsAppendOnlyJsonCompare,
  auditEventsAppendOnlyJsonCompareTriggers,
  auditEventsAppendOnlyTriggersOn,
} from '../../audit/sql/audit-events-append-only.function';
import { createFunctionSql, createTriggerSql, dropTriggerSql } from '../../core/database/sql-object';

/**
 * Sealing an audit event no longer calls PL/pgSQL. The row trigger for UPDATE and DELETE
 * called audit_events_append_only for every seal, which compared the old and new rows as
 * jsonb; now DELETE has a trigger of its own and the UPDATE trigger's WHEN clause (evaluated
 * by the executor) lets a seal through, comparing the event's columns one by one (jsonb as
 * text, as the chain hashes it). The function is called only to refuse.
 */
export class AuditSealCheckInWhen1796500000002 implements MigrationInterface {
  name = 'AuditSealCheckInWhen1796500000002';

  // The columns of this migration's time, not the current list: a later column does not exist yet here.
  private readonly added = auditEventsAppendOnlyTriggersOn(AUDIT_EVENT_COLUMNS_AT_SEAL_CHECK).filter((t) => t.name !== 'audit_events_no_truncate');

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of auditEventsAppendOnlyJsonCompareTriggers) await queryRunner.query(dropTriggerSql(t));
    await queryRunner.query(createFunctionSql(auditEventsAppendOnly));
    for (const t of this.added) await queryRunner.query(createTriggerSql(t));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of this.added) await queryRunner.query(dropTriggerSql(t));
    await queryRunner.query(createFunctionSql(auditEventsAppendOnlyJsonCompare));
    for (const t of auditEventsAppendOnlyJsonCompareTriggers) await queryRunner.query(createTriggerSql(t));
  }
}
