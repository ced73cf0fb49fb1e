import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledger_post` touches only the rows its arrays name, so the right plan is the same at any
 * table size: nested loops over primary-key probes. Its generic plan is made once per
 * connection, though, and a connection opened while the ledger is nearly empty (a new
 * database, a new village's first postings, tables not yet analysed) got a plan that scans
 * and sorts ledger_accounts, and kept it for the connection's life while the table filled
 * with households and dead row versions: measured, a third of PostgreSQL's CPU in the
 * posting benchmark. The function now plans with scans and hash/merge joins ruled out.
 * A later CREATE OR REPLACE FUNCTION ledger_post must repeat these SET clauses, with its
 * own plan_cache_mode (it drops them otherwise; test/schema.e2e-spec.ts checks they are there).
 */
export class LedgerPostPrimaryKeyPlan1795838200000 implements MigrationInterface {
  name = 'LedgerPostPrimaryKeyPlan1795838200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One ledger_post exists (no overloads), so its name alone identifies it.
    await queryRunner.query(`ALTER FUNCTION ledger_post SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION ledger_post RESET enable_seqscan RESET enable_hashjoin RESET enable_mergejoin`);
  }
}
