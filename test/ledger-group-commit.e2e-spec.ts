import { Client } from 'pg';
import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { DomainError } from '../src/core/errors/errors';
import type { PostingRequest } from '../src/ledger/ledger.types';
import { LedgerVillage, balanceOf, givenHouseholdAccount, givenLedgerVillage, ledgerOf, newKey } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

jest.setTimeout(120_000);

/** Group commit: concurrent postings written together by ledger_post_many, each decided on its own. */
describe('ledger group commit', () => {
  let t: TestApp;
  let v: LedgerVillage;

  beforeAll(async () => {
    t = await startTestApp();
    v = await givenLedgerVillage(t);
  });
  afterAll(() => t.close());

  const transfer = (from: string, to: string, amount: number, memo: string): PostingRequest => ({
    villageId: v.village.id,
    kind: 'adjustment',
    memo,
    entries: [
      { accountId: from, amount: -amount },
      { accountId: to, amount },
    ],
    createdBy: SYSTEM_ACTOR,
  });
  const respond = (posted: { id: string; postedAt: Date; entries: unknown[] }) => ({ status: 201, body: posted });

  it('a batch in which one posting is refused and the others commit, each decided against the running balances', async () => {
    const a = await givenHouseholdAccount(t, v);
    const b = await givenHouseholdAccount(t, v);
    const ledger = ledgerOf(t);
    // Submitted in one tick: one batch (one transaction), decided in this order.
    const results = await Promise.allSettled([
      ledger.postGrouped(transfer(v.system.adjustments, a, 5, 'credit a 5'), null, respond),
      ledger.postGrouped(transfer(a, b, 5, 'a gives b 5: covered by the posting before'), null, respond),
      ledger.postGrouped(transfer(a, b, 1, 'a gives b 1 more: overdraft'), null, respond),
      ledger.postGrouped(transfer(v.system.adjustments, b, 7, 'credit b 7'), null, respond),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = (results[2] as PromiseRejectedResult).reason as DomainError;
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused.code).toBe('insufficient_points');
    const accepted = [results[0], results[1], results[3]].map((r) => JSON.parse((r as PromiseFulfilledResult<{ body: string }>).value.body));
    // One transaction: ledger_post_many gives the batch one posting time.
    expect(new Set(accepted.map((p) => p.postedAt)).size).toBe(1);
    expect(accepted[1].entries).toEqual([
      expect.objectContaining({ accountId: a, amount: -5, balanceAfter: 0 }),
      expect.objectContaining({ accountId: b, amount: 5, balanceAfter: 5 }),
    ]);
    expect(await balanceOf(t, a)).toBe(0);
    expect(await balanceOf(t, b)).toBe(12);
    const memos = (await t.dataSource.query(`SELECT memo FROM ledger_transactions WHERE id = ANY($1::uuid[]) ORDER BY memo`, [accepted.map((p) => p.id)])).map(
      (r: { memo: string }) => r.memo,
    );
    expect(memos).toHaveLength(3);
    expect(await t.dataSource.query(`SELECT 1 FROM ledger_transactions WHERE memo = 'a gives b 1 more: overdraft'`)).toEqual([]);
    const events: { entity_id: string }[] = await t.dataSource.query(
      `SELECT entity_id FROM audit_events WHERE entity_type = 'ledger_transaction' AND entity_id = ANY($1::text[])`,
      [accepted.map((p) => p.id)],
    );
    expect(events).toHaveLength(3);
    // The statement-level rollup counted each household entry once.
    const rollup: { account_id: string; points: string }[] = await t.dataSource.query(
      `SELECT account_id, sum(points)::text AS points FROM household_points_daily WHERE account_id = ANY($1::uuid[]) GROUP BY account_id`,
      [[a, b]],
    );
    expect(Object.fromEntries(rollup.map((r) => [r.account_id, Number(r.points)]))).toEqual({ [a]: 0, [b]: 12 });
    expect((await t.http.get('/v1/ledger/verify').query({ villageId: v.village.id }).set(v.auditor).expect(200)).body.ok).toBe(true);
  });

  it('over HTTP: concurrent requests answered individually; a refused key stores nothing, a repeated key posts once', async () => {
    const rich = await givenHouseholdAccount(t, v);
    const poor = await givenHouseholdAccount(t, v);
    const post = (entries: { accountId: string; amount: number }[], key: string) =>
      t.http
        .post('/v1/transactions')
        .set(v.admin)
        .set('Idempotency-Key', key)
        .send({ villageId: v.village.id, kind: 'adjustment', memo: '并发', entries });
    const refusedKey = newKey();
    const twiceKey = newKey();
    const credit = [{ accountId: v.system.adjustments, amount: -3 }, { accountId: rich, amount: 3 }];
    const responses = await Promise.all([
      ...Array.from({ length: 8 }, () => post(credit, newKey())),
      post([{ accountId: poor, amount: -1 }, { accountId: rich, amount: 1 }], refusedKey),
      post(credit, twiceKey),
      post(credit, twiceKey),
    ]);
    expect(responses.slice(0, 8).map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(responses[8].status).toBe(422);
    expect(responses[8].body.code).toBe('insufficient_points');
    expect([responses[9].status, responses[10].status]).toEqual([201, 201]);
    expect(responses[9].text).toBe(responses[10].text);
    expect([responses[9].headers['idempotent-replayed'], responses[10].headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await balanceOf(t, rich)).toBe(27);
    // The refused request claimed no key: once the points are there, the same key posts.
    await post([{ accountId: v.system.adjustments, amount: -1 }, { accountId: poor, amount: 1 }], newKey()).expect(201);
    const retried = await post([{ accountId: poor, amount: -1 }, { accountId: rich, amount: 1 }], refusedKey);
    expect(retried.status).toBe(201);
    expect(await balanceOf(t, poor)).toBe(0);
  });

  it('the response rendered before the write and filled in by the database is the transaction as GET shows it, stored and replayed byte for byte', async () => {
    const [a, b] = await Promise.all([givenHouseholdAccount(t, v), givenHouseholdAccount(t, v)]);
    const post = (memo: string, entries: { accountId: string; amount: number }[], key: string) =>
      t.http.post('/v1/transactions').set(v.admin).set('Idempotency-Key', key).send({ villageId: v.village.id, kind: 'adjustment', memo, entries });
    // format()'s own syntax, quotes, a backslash, CJK text and dollar quotes (the batch's
    // message carries its JSON in one) in the memo.
    const memo = '奖励 100% (%1$s, %%, %s) "引号" \\ 第二行 \'单\' $$ $jifen_0$ $q$';
    const credit = await post(memo, [{ accountId: v.system.adjustments, amount: -9 }, { accountId: a, amount: 9 }], newKey()).expect(201);
    const key = newKey();
    const [first, second] = await Promise.all([
      post(memo, [{ accountId: a, amount: -4 }, { accountId: b, amount: 4 }], key),
      post(memo, [{ accountId: a, amount: -4 }, { accountId: b, amount: 4 }], key),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.text).toBe(first.text);
    for (const response of [credit, first]) {
      const shown = await t.http.get(`/v1/transactions/${response.body.id}`).set(v.admin).expect(200);
      expect(response.body).toEqual(shown.body);
      expect(response.body.memo).toBe(memo);
    }
    expect(credit.body.entries.map((e: { balanceAfter: number | null }) => e.balanceAfter)).toEqual([null, 9]);
    expect(first.body.entries.map((e: { balanceAfter: number | null }) => e.balanceAfter)).toEqual([5, 4]);
    const [stored] = await t.dataSource.query(`SELECT response_body FROM idempotency_keys WHERE key = $1`, [key]);
    expect(stored.response_body).toBe(first.text);
  });

  it('ledger_claim_responses claims only what this transaction posted: a batch rerun after its commit was lost finds its row and key there and claims nothing', async () => {
    const a = await givenHouseholdAccount(t, v);
    // Other transactions in the ledger, for the count of rows read below to tell a lookup from a scan.
    await Promise.all(Array.from({ length: 20 }, (_, n) => ledgerOf(t).postGrouped(transfer(v.system.adjustments, a, 1, `other ${n}`), null, respond)));
    const request = { scope: 'test:lost-commit', key: newKey(), hash: 'same-request', villageId: v.village.id };
    const first = await ledgerOf(t).postGrouped(transfer(v.system.adjustments, a, 3, 'committed, answer lost'), request, respond);
    const id = (JSON.parse(first.body) as { id: string }).id;
    // The rerun's claim, as the batcher sends it: same transaction id, same key.
    const claim = [{ id, accounts: [v.system.adjustments, a], ...request, village_id: v.village.id, status: 201, template: '"%1$s"', retention: '7 days' }];
    // A connection of its own: PostgreSQL 15 counts a connection's reads in pg_stat_xact_* until
    // it reports them, which may be transactions later.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      expect((await db.query(`SELECT * FROM ledger_claim_responses($1::jsonb)`, [JSON.stringify(claim)])).rows).toEqual([]);
      // Its claim's row only, found by id, however many transactions the ledger holds. With the
      // test of xmin in a join, PostgreSQL drove the join from that test (it thinks few rows pass
      // it) and read every transaction: 21 here.
      const read = await db.query(
        `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_xact_user_tables WHERE relname = 'ledger_transactions'`,
      );
      const all = await db.query(`SELECT count(*)::int AS n FROM ledger_transactions`);
      expect(all.rows[0].n).toBeGreaterThan(20);
      expect(Number(read.rows[0].n)).toBe(1);
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const [stored] = await t.dataSource.query(`SELECT response_body FROM idempotency_keys WHERE scope = 'test:lost-commit' AND key = $1`, [request.key]);
    expect(stored.response_body).toBe(first.body);
    expect(await balanceOf(t, a)).toBe(23);
  });

  it('one key in two batches in flight, other households: the later batch waits for the first to commit and replays its answer; the key is claimed once, with its response', async () => {
    const ledger = ledgerOf(t);
    const households = await Promise.all(Array.from({ length: 3 }, () => givenHouseholdAccount(t, v)));
    const request = (key: string) => ({ scope: 'test:late-claims', key, hash: 'same-request', villageId: v.village.id });
    for (let round = 0; round < 5; round++) {
      const key = newKey();
      // Same key, other households: the batcher holds the second posting back from the first
      // batch and writes it in a batch of its own, beside the first.
      const [first, second, beside] = await Promise.all([
        ledger.postGrouped(transfer(v.system.adjustments, households[0], 2, `round ${round}: first`), request(key), respond),
        ledger.postGrouped(transfer(v.system.adjustments, households[1], 2, `round ${round}: same key`), request(key), respond),
        ledger.postGrouped(transfer(v.system.adjustments, households[2], 3, `round ${round}: another key`), request(newKey()), respond),
      ]);
      expect(first.body).toBe(second.body);
      expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
      expect(beside.replayed).toBe(false);
      const posted: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE memo = ANY($1::text[])`, [
        [`round ${round}: first`, `round ${round}: same key`],
      ]);
      expect(posted).toEqual([{ n: 1 }]);
      const [claim] = await t.dataSource.query(`SELECT status_code, response_body FROM idempotency_keys WHERE scope = 'test:late-claims' AND key = $1`, [key]);
      expect(claim).toEqual({ status_code: 201, response_body: first.body });
    }
    // One of the two postings of each key, never both.
    expect((await Promise.all(households.map((h) => balanceOf(t, h)))).reduce((a, b) => a + b, 0)).toBe(5 * (2 + 3));
    expect(await balanceOf(t, households[2])).toBe(15);
  });

  it('a repeated request that arrives while the first is still committing replays its answer, not a refusal for the points the first one spent', async () => {
    const ledger = ledgerOf(t);
    const request = (key: string) => ({ scope: 'test:repeat-in-flight', key, hash: 'same-request', villageId: v.village.id });
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([givenHouseholdAccount(t, v), givenHouseholdAccount(t, v)]);
      await ledger.postGrouped(transfer(v.system.adjustments, a, 10, `round ${round}: credit a`), request(newKey()), respond);
      const key = newKey();
      // A double click: the second waits for the first (same key, same household) and must not be
      // decided again on the balance the first left (0: an overdraft).
      const [first, second] = await Promise.allSettled([
        ledger.postGrouped(transfer(a, b, 10, `round ${round}: a pays b`), request(key), respond),
        ledger.postGrouped(transfer(a, b, 10, `round ${round}: a pays b`), request(key), respond),
      ]);
      expect([first.status, second.status]).toEqual(['fulfilled', 'fulfilled']);
      const [one, two] = [first, second].map((r) => (r as PromiseFulfilledResult<{ body: string; replayed: boolean }>).value);
      expect(two.body).toBe(one.body);
      expect([one.replayed, two.replayed]).toEqual([false, true]);
      expect([await balanceOf(t, a), await balanceOf(t, b)]).toEqual([0, 10]);
    }
  });

  it('idempotency_claim_many: a key claimed by another transaction meanwhile fails the claim with a serialization failure once that one commits', async () => {
    const key = newKey();
    const claim = (body: string) =>
      `SELECT idempotency_claim_many('${JSON.stringify([{ scope: 'test:claim-many', key, village_id: v.village.id, hash: 'h', status: 201, body, retention: '7 days' }])}'::jsonb)`;
    const [one, two] = [t.dataSource.createQueryRunner(), t.dataSource.createQueryRunner()];
    await Promise.all([one.connect(), two.connect()]);
    try {
      await one.startTransaction();
      await two.startTransaction();
      await one.query(claim('"first"'));
      // The second waits on the unique index for the first, then finds the key taken.
      const second = two.query(claim('"second"')).then(
        () => null,
        (error: { driverError?: { code?: string } }) => error.driverError?.code,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await one.commitTransaction();
      expect(await second).toBe('40001');
      await two.rollbackTransaction();
      const rows = await t.dataSource.query(`SELECT status_code, response_body FROM idempotency_keys WHERE scope = 'test:claim-many' AND key = $1`, [key]);
      expect(rows).toEqual([{ status_code: 201, response_body: '"first"' }]);
    } finally {
      await Promise.all([one.release(), two.release()]);
    }
  });
});
