import { MigrationInterface, QueryRunner } from 'typeorm';
import { auditEventInsert } from '../../audit/sql/audit-event-insert.function';
import { ledgerPost } from '../../ledger/sql/ledger-post.function';
import { createFunctionSql, dropFunctionSql } from '../../core/database/sql-object';
import { LedgerPostFunction1795838000000 } from './1795838000000-LedgerPostFunction';
import { LedgerPostPrimaryKeyPlan1795838200000 } from './1795838200000-LedgerPostPrimaryKeyPlan';

/**
 * ledger_post decides alone: it names why it refuses (a reason code and the account), looks
 * up system accounts itself (their village checked in SQL; the caller's "is system" flags
 * are gone) and takes the audit event as one record, written by audit_event_insert, the
 * one INSERT INTO audit_events (AuditService.record calls it too).
 */
export class LedgerPostRefusals1795990000000 implements MigrationInterface {
  name = 'LedgerPostRefusals1795990000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ledger_post(uuid, uuid, varchar, varchar, varchar, varchar, uuid, varchar, varchar, uuid, varchar,
      uuid[], bigint[], boolean[], boolean, varchar, uuid, varchar, text[], varchar, varchar, varchar, uuid, varchar, varchar, jsonb, jsonb)`);
    await queryRunner.query(createFunctionSql(auditEventInsert));
    await queryRunner.query(createFunctionSql(ledgerPost));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropFunctionSql(ledgerPost));
    await queryRunner.query(dropFunctionSql(auditEventInsert));
    await new LedgerPostFunction1795838000000().up(queryRunner);
    await new LedgerPostPrimaryKeyPlan1795838200000().up(queryRunner);
  }
}
