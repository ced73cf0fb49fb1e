import { LedgerService } from '../src/ledger/ledger.service';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Actor } from '../src/core/identity/actor';
import { DomainError } from '../src/core/errors/errors';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { LedgerVillage, balanceOf, givenHouseholdAccount, givenLedgerVillage, ledgerOf } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

type Op =
  | { t: 'award'; h: number; n: number }
  | { t: 'penalty'; h: number; n: number }
  | { t: 'transfer'; from: number; to: number; n: number }
  | { t: 'reverse'; pick: number };

const HOUSEHOLDS = 3;
const household = fc.nat({ max: HOUSEHOLDS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('award' as const), h: household, n: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ t: fc.constant('penalty' as const), h: household, n: fc.integer({ min: 1, max: 30 }) }),
  fc
    .record({ t: fc.constant('transfer' as const), from: household, to: household, n: fc.integer({ min: 1, max: 60 }) })
    .filter((o) => o.from !== o.to),
  fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }),
);
/** Rounds run one after the other; the operations of a round run concurrently. */
const rounds = fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });


jest.setTimeout(120_000);

describe('ledger property: random concurrent awards, penalties, transfers (group commit) and reversals match an in-memory model', () => {
  let t: TestApp;
  let v: LedgerVillage;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    v = await givenLedgerVillage(t);
    admin = { kind: 'user', id: randomUUID(), name: 'property', grants: [{ role: 'village_admin', villageId: v.village.id }], requestId: null, ip: null };
  });
  afterAll(() => t.close());

  it('keeps every balance equal to the model and verify ok after each run', async () => {
    const ledger = ledgerOf(t);
    await fc.assert(
      fc.asyncProperty(rounds, async (plan) => {
        const accounts = await Promise.all(Array.from({ length: HOUSEHOLDS }, () => givenHouseholdAccount(t, v)));
        const model = new Map<string, number>(accounts.map((a) => [a, 0]));
        const issuanceBefore = await balanceOf(t, v.system.issuance);
        let issuance = issuanceBefore;
        const apply = (entries: { accountId: string; amount: number }[]) => {
          for (const e of entries) {
            if (e.accountId === v.system.issuance) issuance += e.amount;
            else model.set(e.accountId, model.get(e.accountId)! + e.amount);
          }
        };
        const reversible: { id: string; entries: { accountId: string; amount: number }[] }[] = [];

        for (const round of plan) {
          const outcomes = await Promise.all(
            round.map(async (o) => {
              let entries: { accountId: string; amount: number }[];
              let run: () => Promise<{ id: string; entries: { accountId: string; amount: number }[] }>;
              if (o.t === 'reverse') {
                if (!reversible.length) return { ok: false as const, code: 'skipped', o };
                const target = reversible[o.pick % reversible.length];
                run = () => inRetryingTransaction(t.dataSource, (tx) => t.app.get(LedgerService).reverse(tx, admin, target.id, 'property reversal'));
              } else {
                entries =
                  o.t === 'transfer'
                    ? [
                        { accountId: accounts[o.from], amount: -o.n },
                        { accountId: accounts[o.to], amount: o.n },
                      ]
                    : [
                        { accountId: v.system.issuance, amount: o.t === 'award' ? -o.n : o.n },
                        { accountId: accounts[o.h], amount: o.t === 'award' ? o.n : -o.n },
                      ];
                // Through group commit: a round's postings share batches (reversals, above, post one at a time beside them).
                run = async () =>
                  JSON.parse(
                    (
                      await ledger.postGrouped({ villageId: v.village.id, kind: o.t, memo: o.t, entries, createdBy: admin }, null, (posted) => ({
                        status: 201,
                        body: posted,
                      }))
                    ).body,
                  );
              }
              try {
                const posted = await run();
                return { ok: true as const, posted, o };
              } catch (error) {
                if (!(error instanceof DomainError)) throw error;
                return { ok: false as const, code: error.code, o };
              }
            }),
          );
          for (const outcome of outcomes) {
            if (outcome.ok) {
              const entries = outcome.posted.entries.map((e) => ({ accountId: e.accountId, amount: e.amount }));
              apply(entries);
              if (outcome.o.t !== 'reverse') reversible.push({ id: outcome.posted.id, entries });
            } else if (outcome.code !== 'skipped') {
              // The only refusals the rules allow: a transfer the balance does not cover, a second reversal.
              const allowed = outcome.o.t === 'transfer' ? 'insufficient_points' : outcome.o.t === 'reverse' ? 'already_reversed' : null;
              expect(outcome.code).toBe(allowed);
            }
          }
          // A refused transfer is only refused when the balance really did not cover it (checked against the model,
          // which is exact between rounds).
          for (const outcome of outcomes) {
            if (!outcome.ok && outcome.o.t === 'transfer' && round.length === 1) {
              expect(model.get(accounts[outcome.o.from])!).toBeLessThan(outcome.o.n);
            }
          }
        }

        for (const a of accounts) expect(await balanceOf(t, a)).toBe(model.get(a));
        expect(await balanceOf(t, v.system.issuance)).toBe(issuance);
        const total = [...model.values()].reduce((x, y) => x + y, 0);
        expect(issuance - issuanceBefore + total).toBe(0);
        const result = await t.app.get(LedgerService).verifyAll(v.village.id);
        expect(result.problems).toEqual([]);
        expect(result.ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
