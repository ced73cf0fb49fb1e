import type { SqlView } from '../../database/sql-object';

/**
 * Villages as other modules' SQL reads them (reports): the settings those reads need, as
 * columns. A plain view, inlined into the reading query.
 */
export const VILLAGES_VIEW: SqlView = {
  name: 'villages_v',
  query: `SELECT v.id, v.code, v.name, v.township_id, v.settings->>'timezone' AS timezone, v.settings->'starThresholds' AS star_thresholds FROM villages v`,
};
