import { MigrationInterface, QueryRunner } from 'typeorm';
import { POINTS_VIEWS } from '../../ledger/sql/points-views';

/** The views through which reports and operations read the ledger (src/ledger/sql/points-views.ts). */
export class PointsViews1795990000001 implements MigrationInterface {
  name = 'PointsViews1795990000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const view of POINTS_VIEWS) await queryRunner.query(`CREATE VIEW ${view.name} AS ${view.query}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const view of [...POINTS_VIEWS].reverse()) await queryRunner.query(`DROP VIEW ${view.name}`);
  }
}
