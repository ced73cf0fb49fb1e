import type { SqlView } from '../../database/sql-object';

/**
 * Scoring as other modules read it (reports, boards, the township summary): plain views,
 * inlined into the reading query, so scoring's indexes serve them. An item carries its
 * rule's category and title (the rule an item was scored under never changes its points).
 */
export const SCORING_VIEWS: SqlView[] = [
  {
    name: 'scoring_items_v',
    query: `SELECT si.id, si.village_id, si.round_id, si.household_id, si.rule_id, si.status, si.final_points, si.transaction_id, r.category, r.title AS rule_title
   FROM score_items si JOIN rules r ON r.id = si.rule_id`,
  },
  {
    name: 'scoring_rounds_v',
    query: `SELECT r.id, r.village_id, r.title, r.status, r.published_at, r.posted_at FROM scoring_rounds r`,
  },
  {
    name: 'scoring_objections_v',
    query: `SELECT o.id, o.village_id, o.round_id, o.item_id, o.status, o.created_at FROM objections o`,
  },
];
