import { SQL_FUNCTIONS } from './sql-objects';

describe('SQL functions', () => {
  // ledger_claim_responses tells the rows its own batch wrote by their xmin, the batch's
  // top-level transaction id: a row written inside a subtransaction would carry another id, and
  // its posting's key would go unclaimed.
  it.each(SQL_FUNCTIONS.map((f) => [f.name, f.body]))('%s opens no subtransaction (no EXCEPTION block)', (_name, body) => {
    expect(body).not.toMatch(/\bEXCEPTION\s+WHEN\b/i);
  });
});
