import { LedgerBatchStatements, TemplatedClaim } from './ledger-batch.statements';
import type { PreparedPosting } from './ledger.repository';

const posting = {
  transaction: { id: 'c0ffee00-0000-4000-8000-000000000000', villageId: 'v', kind: 'adjustment', memo: "it's", createdByKind: 'user', createdByName: 'n' },
  entries: [{ accountId: 'a', amount: 5 }],
  noOverdraft: false,
  audit: {},
} as unknown as PreparedPosting;
const request = { scope: 's', key: 'k', hash: 'h', villageId: null };
const claim: TemplatedClaim = { transactionId: posting.transaction.id, accounts: ['a'], request, response: { status: 201, template: '{"at":%1$s}' } };

describe('LedgerBatchStatements', () => {
  const statements = new LedgerBatchStatements();

  it('sends a batch as one transaction in one message: BEGIN, the postings, the claims, COMMIT', () => {
    const parts = statements.message([posting], [request], [claim]).split(';\n');
    expect(parts[0]).toBe('BEGIN');
    expect(parts[1]).toMatch(/FROM ledger_post_many\(/);
    expect(parts[2]).toMatch(/FROM ledger_claim_responses\(/);
    expect(parts[3]).toBe('COMMIT');
    expect(parts).toHaveLength(4);
  });

  it('claims nothing when no posting has a key', () => {
    const parts = statements.message([posting], [null], []).split(';\n');
    expect(parts).toHaveLength(3);
    expect([parts[0], parts[2]]).toEqual(['BEGIN', 'COMMIT']);
  });

  it('reads the results by statement: the postings second, the claimed bodies third', () => {
    const accepted = { ord: 0, refusal: null, account: null, balance: null, posted_at: new Date(0), entries: [{ id: '7', accountId: 'a', balanceAfter: '5' }] };
    const answer = statements.readMessage([{ rows: [] }, { rows: [accepted] }, { rows: [{ id: posting.transaction.id, body: '{}' }] }, { rows: [] }], 1, true);
    expect(answer.posted).toEqual([{ ok: true, postedAt: new Date(0), entries: [{ id: '7', accountId: 'a', balanceAfter: 5 }], unstriped: [] }]);
    expect(answer.bodies).toEqual(new Map([[posting.transaction.id, '{}']]));
  });
});
