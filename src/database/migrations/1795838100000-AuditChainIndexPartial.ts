import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain index holds sealed events only. An event is inserted unsealed (chain_seq NULL)
 * and got an entry anyway, in one spot per chain that every writer of the village touched;
 * now the entry is made once, by the sealer. Every query on it names chain_seq IS NOT NULL.
 */
export class AuditChainIndexPartial1795838100000 implements MigrationInterface {
  name = 'AuditChainIndexPartial1795838100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_events_chain_idx"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "audit_events_chain_idx" ON "audit_events" ("chain_id", "chain_seq") WHERE chain_seq IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_events_chain_idx"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "audit_events_chain_idx" ON "audit_events" ("chain_id", "chain_seq") `);
  }
}
