import type { SqlView } from '../../core/database/sql-object';

/**
 * The ledger's tables as other modules may read them (reports, boards, the backup manifest):
 * plain views, which PostgreSQL inlines into the reading query, so the ledger's indexes
 * serve them as they serve the tables. Other modules name these, never the ledger's tables;
 * the ledger may change its tables behind them.
 */

export const POINTS_VIEWS: SqlView[] = [
  {
    name: 'points_postings',
    query: `SELECT t.id, t.village_id, t.kind, t.reverses_id, t.posted_at FROM ledger_transactions t`,
  },
  {
    name: 'points_entries',
    query: `SELECT e.id, e.transaction_id, e.account_id, e.village_id, e.amount, e.balance_after, e.posted_at FROM ledger_entries e`,
  },
  {
    name: 'points_household_accounts',
    query: `SELECT a.id, a.village_id, a.household_id, a.status, a.balance FROM ledger_accounts a WHERE a.kind = 'household'`,
  },
];
