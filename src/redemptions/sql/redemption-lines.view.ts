import type { SqlView } from '../../database/sql-object';

/**
 * Sale lines as other modules read them (reports): each with its sale's village, status and
 * time. A plain view, inlined into the reading query.
 */
export const REDEMPTION_LINES_VIEW: SqlView = {
  name: 'redemption_lines_v',
  query: `SELECT l.redemption_id, l.line_no, l.household_id, l.item_id, l.quantity, l.unit_points, r.village_id, r.status, r.created_at
   FROM redemption_lines l JOIN redemptions r ON r.id = l.redemption_id`,
};
