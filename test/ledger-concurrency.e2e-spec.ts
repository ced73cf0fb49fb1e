import { LedgerVillage, balanceOf, givenHouseholdAccount, givenLedgerVillage, ledgerOf, newKey } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

/** Real concurrent HTTP requests against one app and one database. */

jest.setTimeout(120_000);

describe('ledger under concurrency', () => {
  let t: TestApp;
  let v: LedgerVillage;

  beforeAll(async () => {
    t = await startTestApp();
    v = await givenLedgerVillage(t);
  });
  afterAll(() => t.close());

  const postTx = (body: object, key = newKey()) => t.http.post('/v1/transactions').set(v.admin).set('Idempotency-Key', key).send(body);
  const balance = async (accountId: string) => (await t.http.get(`/v1/accounts/${accountId}`).set(v.admin).expect(200)).body.balance as number;
  const verify = async () => (await t.http.get('/v1/ledger/verify').query({ villageId: v.village.id }).set(v.auditor).expect(200)).body;

  it('50 concurrent debits against a balance that covers 10: exactly 10 succeed, balance 0, verify ok', async () => {
    const household = await givenHouseholdAccount(t, v, 100);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        postTx({
          villageId: v.village.id,
          kind: 'adjustment',
          memo: '扣减',
          entries: [
            { accountId: household, amount: -10 },
            { accountId: v.system.adjustments, amount: 10 },
          ],
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    expect(new Set(responses.filter((r) => r.status === 422).map((r) => r.body.code))).toEqual(new Set(['insufficient_points']));
    expect(await balance(household)).toBe(0);
    const afters = responses.filter((r) => r.status === 201).map((r) => r.body.entries[0].balanceAfter).sort((a, b) => a - b);
    expect(afters).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('the same Idempotency-Key sent 5 times concurrently: one transaction, five identical responses', async () => {
    const household = await givenHouseholdAccount(t, v);
    const key = newKey();
    const body = {
      villageId: v.village.id,
      kind: 'adjustment',
      memo: '网络重试',
      entries: [
        { accountId: v.system.adjustments, amount: -8 },
        { accountId: household, amount: 8 },
      ],
    };
    const responses = await Promise.all(Array.from({ length: 5 }, () => postTx(body, key)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE account_id = $1`, [household]);
    expect(n).toBe(1);
    expect(await balance(household)).toBe(8);
  });

  it('concurrent reversals of one transaction: one reversal, the rest 409 already_reversed', async () => {
    const household = await givenHouseholdAccount(t, v, 40);
    const original = await postTx({ villageId: v.village.id, kind: 'adjustment', memo: '错账', entries: [{ accountId: household, amount: -25 }, { accountId: v.system.adjustments, amount: 25 }] });
    expect(original.status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => t.http.post(`/v1/transactions/${original.body.id}/reverse`).set(v.admin).set('Idempotency-Key', newKey()).send({ reason: '冲正' })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(5).fill('already_reversed'));
    expect(await balance(household)).toBe(40);
  });

  it('transfers racing in opposite directions between two households all complete (ordered locks, no deadlock)', async () => {
    const a = await givenHouseholdAccount(t, v, 100);
    const b = await givenHouseholdAccount(t, v, 100);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const [from, to] = i % 2 ? [a, b] : [b, a];
        return postTx({ villageId: v.village.id, kind: 'transfer', memo: '互转', entries: [{ accountId: from, amount: -1 }, { accountId: to, amount: 1 }] });
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect((await balance(a)) + (await balance(b))).toBe(200);
    expect(await balance(a)).toBe(100);
  });

  it('concurrent awards to different households share the issuance account without losing a point', async () => {
    const households = await Promise.all(Array.from({ length: 10 }, () => givenHouseholdAccount(t, v)));
    const before = await balance(v.system.issuance);
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postTx({ villageId: v.village.id, kind: 'adjustment', memo: '奖励', entries: [{ accountId: v.system.issuance, amount: -(i + 1) }, { accountId: households[i % 10], amount: i + 1 }] }),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const total = (60 * 61) / 2;
    expect(await balance(v.system.issuance)).toBe(before - total);
    const sum = (await Promise.all(households.map((h) => balanceOf(t, h)))).reduce((x, y) => x + y, 0);
    expect(sum).toBe(total);
    const [{ stripes }] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE balance <> 0)::int AS stripes FROM ledger_balance_stripes WHERE account_id = $1`, [v.system.issuance]);
    expect(stripes).toBeGreaterThan(1);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
