import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of rules that is more than a one-line entity call. */
@Injectable()
export class RulesRepository {
  /** How many score items name the rule (any round, any status). */
  async scoreItemsUsing(manager: EntityManager, ruleId: string): Promise<number> {
    const rows: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM score_items WHERE rule_id = $1', [ruleId]);
    return rows[0].n;
  }
}
