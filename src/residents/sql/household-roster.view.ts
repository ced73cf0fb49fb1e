import type { SqlView } from '../../database/sql-object';

/**
 * The roster as other modules read it (reports, boards): each household with its active
 * head's name. A plain view, which PostgreSQL inlines into the reading query (a column the
 * reader does not name is never computed), so the households' indexes serve it as they
 * serve the table. Residents may change its tables behind it.
 */
export const HOUSEHOLD_ROSTER_VIEW: SqlView = {
  name: 'household_roster_v',
  query: `SELECT h.id, h.village_id, h.code, h.group_name, h.status, h.account_id, h.contact_user_id,
    (SELECT r.name FROM residents r WHERE r.household_id = h.id AND r.is_head AND r.status = 'active' LIMIT 1) AS head_name
   FROM households h`,
};
