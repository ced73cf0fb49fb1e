import type { SqlView } from '../../database/sql-object';

/**
 * The catalogue as other modules read it (reports): plain views, inlined into the reading
 * query, so the catalogue's indexes serve them (donations: stock_movements_village_reason_idx).
 */
export const CATALOGUE_VIEWS: SqlView[] = [
  {
    name: 'catalogue_items_v',
    query: `SELECT i.id, i.village_id, i.sku, i.name, i.active, i.stock_on_hand, i.low_stock_threshold FROM catalogue_items i`,
  },
  {
    name: 'catalogue_donations_v',
    query: `SELECT m.id, m.village_id, m.item_id, m.donor, m.quantity, m.created_at FROM stock_movements m WHERE m.reason = 'donation'`,
  },
];
