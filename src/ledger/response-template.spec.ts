import { toTransactionDto } from './ledger.service';
import type { PostingAccepted } from './ledger.repository';
import { responseTemplate } from './response-template';

/** PostgreSQL's format() with positional %n$s arguments and %% (what ledger_claim_responses runs). */
const format = (template: string, values: string[]) => template.replace(/%(?:(\d+)\$s|%)/g, (_m, n?: string) => (n ? values[Number(n) - 1] : '%'));

const ACCOUNTS = ['7b1f0d3e-0000-4000-8000-000000000001', '7b1f0d3e-0000-4000-8000-000000000002'];

/** POST /v1/transactions' renderer, for a transaction whose memo and name are `text`. */
const respondWith = (text: string) => (result: PostingAccepted) => ({
  status: 201,
  body: toTransactionDto({
    id: 'c0ffee00-0000-4000-8000-000000000000',
    villageId: 'b0000000-0000-4000-8000-000000000000',
    kind: 'adjustment',
    memo: text,
    reference: null,
    reversesId: null,
    createdBy: { kind: 'user', id: null, name: text },
    postedAt: result.postedAt,
    entries: result.entries.map((e, k) => ({ id: e.id, accountId: e.accountId, amount: k === 0 ? -5 : 5, balanceAfter: e.balanceAfter })),
  }),
});

describe('responseTemplate', () => {
  it.each(['每月清扫 +5', 'rate 100% (%1$s, %%, %s)', 'quote " backslash \\ newline \n tab \t', 'jifen-fill:0:1'])(
    'filled in as the database fills it, gives the text the renderer gives for the real values: %j',
    (text) => {
      const respond = respondWith(text);
      const { status, template } = responseTemplate(respond, ACCOUNTS);
      const real: PostingAccepted = {
        ok: true,
        postedAt: new Date('2026-11-30T10:11:12.345Z'),
        entries: [
          { id: '9007199254740990', accountId: ACCOUNTS[0], balanceAfter: null },
          { id: '17', accountId: ACCOUNTS[1], balanceAfter: -3 },
        ],
        unstriped: [],
      };
      // As ledger_claim_responses writes them: the time, then each entry's id and balance after.
      const values = ['"2026-11-30T10:11:12.345Z"', '"9007199254740990"', 'null', '"17"', '-3'];
      expect(status).toBe(201);
      expect(format(template, values)).toBe(JSON.stringify(respond(real).body));
    },
  );

  it('refuses a renderer that leaves out a value the database fills in', () => {
    const withoutBalances = (result: PostingAccepted) => ({ status: 201, body: { at: result.postedAt, ids: result.entries.map((e) => e.id) } });
    expect(() => responseTemplate(withoutBalances, ACCOUNTS)).toThrow(/value 3 rendered 0 times/);
  });

  it('refuses a renderer that renders a value twice (the database would fill in one of them only)', () => {
    const twice = (result: PostingAccepted) => ({ status: 201, body: { at: result.postedAt, again: result.postedAt, entries: result.entries } });
    expect(() => responseTemplate(twice, ACCOUNTS)).toThrow(/value 1 rendered 2 times/);
  });
});
