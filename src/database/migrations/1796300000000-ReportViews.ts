import { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORT_VIEWS } from '../sql-objects';

/** The views through which reports read households, villages, scoring, the catalogue and sales (each declared by its owning module). */
export class ReportViews1796300000000 implements MigrationInterface {
  name = 'ReportViews1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const view of REPORT_VIEWS) await queryRunner.query(`CREATE VIEW ${view.name} AS ${view.query}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const view of [...REPORT_VIEWS].reverse()) await queryRunner.query(`DROP VIEW ${view.name}`);
  }
}
