import { sqlFunction } from '../../core/database/sql-object';

export const householdPointsFlow = sqlFunction({
  name: 'household_points_flow',
  arguments: 'entry_tx uuid',
  returns: 'text',
  language: 'sql',
  volatility: 'STABLE',
  body: `
        SELECT CASE WHEN t.kind = 'reversal' THEN CASE WHEN r.kind IN ('award', 'penalty') THEN 'reversal_earned' ELSE 'reversal_other' END ELSE t.kind END
        FROM ledger_transactions t LEFT JOIN ledger_transactions r ON r.id = t.reverses_id WHERE t.id = entry_tx
      `,
});
