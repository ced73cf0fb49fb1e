import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoringForeignKeys1795837705133 implements MigrationInterface {
  name = 'ScoringForeignKeys1795837705133';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rules" ADD CONSTRAINT "rules_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "panels" ADD CONSTRAINT "panels_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_fk" FOREIGN KEY ("panel_id") REFERENCES "panels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scoring_rounds" ADD CONSTRAINT "scoring_rounds_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scoring_rounds" ADD CONSTRAINT "scoring_rounds_panel_fk" FOREIGN KEY ("panel_id") REFERENCES "panels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scoring_round_members" ADD CONSTRAINT "scoring_round_members_round_fk" FOREIGN KEY ("round_id") REFERENCES "scoring_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scoring_round_members" ADD CONSTRAINT "scoring_round_members_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_items" ADD CONSTRAINT "score_items_round_fk" FOREIGN KEY ("round_id") REFERENCES "scoring_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_items" ADD CONSTRAINT "score_items_household_fk" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_items" ADD CONSTRAINT "score_items_rule_fk" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_ratings" ADD CONSTRAINT "score_ratings_item_fk" FOREIGN KEY ("item_id") REFERENCES "score_items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objections" ADD CONSTRAINT "objections_round_fk" FOREIGN KEY ("round_id") REFERENCES "scoring_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "objections" ADD CONSTRAINT "objections_item_fk" FOREIGN KEY ("item_id") REFERENCES "score_items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "objections" DROP CONSTRAINT "objections_item_fk"`);
    await queryRunner.query(`ALTER TABLE "objections" DROP CONSTRAINT "objections_round_fk"`);
    await queryRunner.query(`ALTER TABLE "score_ratings" DROP CONSTRAINT "score_ratings_item_fk"`);
    await queryRunner.query(`ALTER TABLE "score_items" DROP CONSTRAINT "score_items_rule_fk"`);
    await queryRunner.query(`ALTER TABLE "score_items" DROP CONSTRAINT "score_items_household_fk"`);
    await queryRunner.query(`ALTER TABLE "score_items" DROP CONSTRAINT "score_items_round_fk"`);
    await queryRunner.query(`ALTER TABLE "scoring_round_members" DROP CONSTRAINT "scoring_round_members_user_fk"`);
    await queryRunner.query(`ALTER TABLE "scoring_round_members" DROP CONSTRAINT "scoring_round_members_round_fk"`);
    await queryRunner.query(`ALTER TABLE "scoring_rounds" DROP CONSTRAINT "scoring_rounds_panel_fk"`);
    await queryRunner.query(`ALTER TABLE "scoring_rounds" DROP CONSTRAINT "scoring_rounds_village_fk"`);
    await queryRunner.query(`ALTER TABLE "panel_members" DROP CONSTRAINT "panel_members_user_fk"`);
    await queryRunner.query(`ALTER TABLE "panel_members" DROP CONSTRAINT "panel_members_panel_fk"`);
    await queryRunner.query(`ALTER TABLE "panels" DROP CONSTRAINT "panels_village_fk"`);
    await queryRunner.query(`ALTER TABLE "rules" DROP CONSTRAINT "rules_village_fk"`);
  }
}
