import { AuditSealer } from '../src/audit/audit-sealer.service';
import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { IdempotencyService } from '../src/core/idempotency/idempotency';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { asRole, givenAdmin } from './support/auth';
import { uniqueCode } from './support/factories';
import { LedgerVillage, award, givenHouseholdAccount, givenLedgerVillage, ledgerOf, newKey } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


jest.setTimeout(120_000);

describe('ledger', () => {
  let t: TestApp;
  let v: LedgerVillage;

  beforeAll(async () => {
    t = await startTestApp();
    v = await givenLedgerVillage(t);
  });
  afterAll(() => t.close());

  const postTx = (body: object, key = newKey(), headers = v.admin) =>
    t.http.post('/v1/transactions').set(headers).set('Idempotency-Key', key).send(body);
  const adjust = (entries: { accountId: string; amount: number }[], extra: object = {}) =>
    postTx({ villageId: v.village.id, kind: 'adjustment', memo: '补录', entries, ...extra });
  const balance = async (accountId: string) => (await t.http.get(`/v1/accounts/${accountId}`).set(v.admin).expect(200)).body.balance as number;

  it('opens the four system accounts with the village', async () => {
    const res = await t.http.get('/v1/accounts').query({ villageId: v.village.id }).set(v.admin).expect(200);
    const kinds = res.body.items.map((a: { kind: string }) => a.kind).sort();
    expect(kinds).toEqual(['adjustments', 'expiry', 'issuance', 'redemptions']);
    expect(res.body.items.every((a: { balance: number }) => a.balance === 0)).toBe(true);
  });

  it('posts an adjustment: 201 with entries and running balances, an audit event in the same transaction', async () => {
    const household = await givenHouseholdAccount(t, v);
    const res = await adjust([
      { accountId: v.system.adjustments, amount: -30 },
      { accountId: household, amount: 30 },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'adjustment', memo: '补录', villageId: v.village.id, reversesId: null });
    expect(res.body.entries).toEqual([
      { id: expect.any(String), accountId: v.system.adjustments, amount: -30, balanceAfter: null },
      { id: expect.any(String), accountId: household, amount: 30, balanceAfter: 30 },
    ]);
    expect(await balance(household)).toBe(30);
    const events = await t.dataSource.query(`SELECT action, actor_kind FROM audit_events WHERE entity_type = 'ledger_transaction' AND entity_id = $1`, [res.body.id]);
    expect(events).toEqual([{ action: 'ledger.transaction.adjustment', actor_kind: 'user' }]);
    const got = await t.http.get(`/v1/transactions/${res.body.id}`).set(v.auditor).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('refuses an unbalanced transaction and a single-entry one with 422 unbalanced_transaction', async () => {
    const household = await givenHouseholdAccount(t, v);
    const unbalanced = await adjust([
      { accountId: v.system.adjustments, amount: -10 },
      { accountId: household, amount: 9 },
    ]);
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.body.code).toBe('unbalanced_transaction');
    const single = await adjust([{ accountId: household, amount: 5 }]);
    expect(single.status).toBe(422);
    expect(single.body.code).toBe('unbalanced_transaction');
    expect(await balance(household)).toBe(0);
  });

  it('validates the request: Idempotency-Key required, memo required, integer amounts, known accounts', async () => {
    const household = await givenHouseholdAccount(t, v);
    const entries = [
      { accountId: v.system.adjustments, amount: -1 },
      { accountId: household, amount: 1 },
    ];
    const noKey = await t.http.post('/v1/transactions').set(v.admin).send({ villageId: v.village.id, kind: 'adjustment', memo: 'x', entries });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('Idempotency-Key');
    expect((await postTx({ villageId: v.village.id, kind: 'adjustment', entries })).status).toBe(400);
    const fractional = await adjust([
      { accountId: v.system.adjustments, amount: -1.5 },
      { accountId: household, amount: 1.5 },
    ]);
    expect(fractional.status).toBe(400);
    const other = await givenLedgerVillage(t);
    const foreign = await adjust([
      { accountId: other.system.adjustments, amount: -1 },
      { accountId: household, amount: 1 },
    ]);
    expect(foreign.status).toBe(404);
  });

  it('keeps a household from going below zero through a transfer or adjustment (422 insufficient_points), lets a penalty', async () => {
    const a = await givenHouseholdAccount(t, v, 10);
    const b = await givenHouseholdAccount(t, v);
    const transfer = await postTx({
      villageId: v.village.id,
      kind: 'transfer',
      memo: '转赠',
      entries: [
        { accountId: a, amount: -11 },
        { accountId: b, amount: 11 },
      ],
    });
    expect(transfer.status).toBe(422);
    expect(transfer.body).toMatchObject({ code: 'insufficient_points', balance: 10, required: 11, accountId: a });
    const ok = await postTx({ villageId: v.village.id, kind: 'transfer', memo: '转赠', entries: [{ accountId: a, amount: -10 }, { accountId: b, amount: 10 }] });
    expect(ok.status).toBe(201);
    const toSystem = await postTx({ villageId: v.village.id, kind: 'transfer', memo: 'x', entries: [{ accountId: b, amount: -1 }, { accountId: v.system.issuance, amount: 1 }] });
    expect(toSystem.status).toBe(400);
    await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), v, a, 5, 'penalty'));
    expect(await balance(a)).toBe(-5);
    expect(await balance(b)).toBe(10);
  });

  it('refuses postings to a frozen account with invalid_state (409 per the code table) and accepts them once thawed', async () => {
    const household = await givenHouseholdAccount(t, v, 5);
    await t.dataSource.transaction((tx) => ledgerOf(t).setStatus(tx, household, 'frozen'));
    const res = await adjust([{ accountId: v.system.adjustments, amount: -1 }, { accountId: household, amount: 1 }]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invalid_state');
    await t.dataSource.transaction((tx) => ledgerOf(t).setStatus(tx, household, 'active'));
    expect((await adjust([{ accountId: v.system.adjustments, amount: -1 }, { accountId: household, amount: 1 }])).status).toBe(201);
  });

  it('has the database refuse UPDATE, DELETE and TRUNCATE of entries and transactions, and unbalanced inserts', async () => {
    const household = await givenHouseholdAccount(t, v, 7);
    const [entry] = await t.dataSource.query(`SELECT id, transaction_id FROM ledger_entries WHERE account_id = $1`, [household]);
    await expect(t.dataSource.query(`UPDATE ledger_entries SET amount = 700 WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM ledger_entries WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`UPDATE ledger_transactions SET memo = 'x' WHERE id = $1`, [entry.transaction_id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM ledger_transactions WHERE id = $1`, [entry.transaction_id])).rejects.toThrow(/append-only/);
    // Bypassing the service: the deferred trigger rejects the commit.
    await expect(
      t.dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name) VALUES (gen_random_uuid(), $1, 'adjustment', 'sql', 'system', 'psql')`,
          [v.village.id],
        );
        await tx.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
           SELECT id, $2, $1, 1000, 1007, now() FROM ledger_transactions WHERE memo = 'sql' AND village_id = $1`,
          [v.village.id, household],
        );
      }),
    ).rejects.toThrow(/unbalanced/);
    expect(await balance(household)).toBe(7);
  });

  it('has the database refuse a balanced insert whose entries are of another village than their transaction', async () => {
    const household = await givenHouseholdAccount(t, v, 3);
    const other = await givenLedgerVillage(t);
    const otherHousehold = await givenHouseholdAccount(t, other);
    await expect(
      t.dataSource.transaction(async (tx) => {
        const [{ id }] = await tx.query(
          `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name) VALUES (gen_random_uuid(), $1, 'adjustment', 'mixed', 'system', 'psql') RETURNING id`,
          [v.village.id],
        );
        await tx.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
           VALUES ($1, $2, $3, -1, 2, now()), ($1, $4, $5, 1, 1, now())`,
          [id, household, v.village.id, otherHousehold, other.village.id],
          // The statement-level check refuses the INSERT itself, before the deferred one at commit.
        ).catch((error: Error) => {
          throw new Error(`at the insert: ${error.message}`);
        });
      }),
    ).rejects.toThrow(/at the insert: .*entries of another village/);
    expect(await balance(household)).toBe(3);
  });

  it('replays the first response for the same key and body, 409 idempotency_key_reused for another body', async () => {
    const household = await givenHouseholdAccount(t, v);
    const key = newKey();
    const body = { villageId: v.village.id, kind: 'adjustment', memo: '重试', entries: [{ accountId: v.system.adjustments, amount: -4 }, { accountId: household, amount: 4 }] };
    const first = await postTx(body, key);
    expect(first.status).toBe(201);
    const again = await postTx({ ...body, entries: [...body.entries] }, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reused = await postTx({ ...body, memo: '另一个' }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await balance(household)).toBe(4);
    // Keys are per caller: another admin's same key is a new request.
    const otherAdmin = await asRole(t, 'village_admin', v.village.id);
    expect((await postTx(body, key, otherAdmin)).status).toBe(201);
    expect(await balance(household)).toBe(8);
  });

  it('a replay whose claim travelled with the posting leaves nothing behind: no transaction, entry or audit event', async () => {
    const household = await givenHouseholdAccount(t, v);
    const key = newKey();
    const body = { villageId: v.village.id, kind: 'adjustment', memo: '一次', entries: [{ accountId: v.system.adjustments, amount: -6 }, { accountId: household, amount: 6 }] };
    const first = await postTx(body, key);
    expect(first.status).toBe(201);
    const counts = async () =>
      (
        await t.dataSource.query(
          `SELECT (SELECT count(*) FROM ledger_transactions WHERE village_id = $1)::int AS transactions,
                  (SELECT count(*) FROM ledger_entries WHERE village_id = $1)::int AS entries,
                  (SELECT count(*) FROM audit_events WHERE village_id = $1)::int AS events`,
          [v.village.id],
        )
      )[0];
    const before = await counts();
    for (const again of [await postTx(body, key), await postTx(body, key)]) {
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
    }
    expect((await postTx({ ...body, memo: '两次' }, key)).body.code).toBe('idempotency_key_reused');
    expect(await counts()).toEqual(before);
    expect(await balance(household)).toBe(6);
  });

  it('a refused posting stores no response: the same key succeeds once the refusal is gone', async () => {
    const household = await givenHouseholdAccount(t, v);
    const key = newKey();
    const body = { villageId: v.village.id, kind: 'adjustment', memo: '扣回', entries: [{ accountId: household, amount: -5 }, { accountId: v.system.adjustments, amount: 5 }] };
    const refused = await postTx(body, key);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('insufficient_points');
    expect(await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
    await adjust([{ accountId: v.system.adjustments, amount: -5 }, { accountId: household, amount: 5 }]);
    expect((await postTx(body, key)).status).toBe(201);
    expect(await balance(household)).toBe(0);
  });

  it('when the message carrying the claim fails, the request is tried again with the claim alone: error or replay, never twice', async () => {
    const household = await givenHouseholdAccount(t, v);
    const memo = `坏-${newKey().slice(0, 8)}`;
    const body = { villageId: v.village.id, kind: 'adjustment', memo, entries: [{ accountId: v.system.adjustments, amount: -2 }, { accountId: household, amount: 2 }] };
    const done = newKey();
    const first = await postTx(body, done);
    expect(first.status).toBe(201);
    // From now on the database refuses this memo: the combined claim+posting message fails.
    await t.dataSource.query(`
      CREATE FUNCTION test_refuse_memo() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.memo = '${memo}' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_memo BEFORE INSERT ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION test_refuse_memo()`);
    try {
      // A retry of the committed request still replays it.
      const replay = await postTx(body, done);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      // A new key gets the error, and its key is not kept.
      const fresh = newKey();
      const failed = await postTx(body, fresh);
      expect(failed.status).toBe(500);
      expect(await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [fresh])).toEqual([]);
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse_memo ON ledger_transactions; DROP FUNCTION test_refuse_memo()`);
    }
    expect(await balance(household)).toBe(2);
  });

  it('keeps keys 7 days, then treats an expired key as new', async () => {
    const household = await givenHouseholdAccount(t, v);
    const key = newKey();
    const body = { villageId: v.village.id, kind: 'adjustment', memo: 'old', entries: [{ accountId: v.system.adjustments, amount: -1 }, { accountId: household, amount: 1 }] };
    expect((await postTx(body, key)).status).toBe(201);
    const [row] = await t.dataSource.query(`SELECT expires_at - created_at AS kept FROM idempotency_keys WHERE key = $1`, [key]);
    expect(row.kept).toMatchObject({ days: 7 });
    await t.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const fresh = await postTx(body, key);
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await balance(household)).toBe(2);
    // The hourly purge removes expired keys (and only those).
    await t.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const live = newKey();
    expect((await postTx({ ...body, memo: 'live' }, live)).status).toBe(201);
    expect(await t.app.get(IdempotencyService).purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE key = ANY($1) ORDER BY key`, [[key, live]])).toEqual([{ key: live }]);
  });

  it('reverses a transaction once: 409 already_reversed the second time, invalid_state for a reversal or a redemption', async () => {
    const a = await givenHouseholdAccount(t, v, 20);
    const b = await givenHouseholdAccount(t, v);
    const transfer = await postTx({ villageId: v.village.id, kind: 'transfer', memo: '转', entries: [{ accountId: a, amount: -15 }, { accountId: b, amount: 15 }] });
    expect(transfer.status).toBe(201);
    const reverse = (id: string, reason = '录错了') => t.http.post(`/v1/transactions/${id}/reverse`).set(v.admin).set('Idempotency-Key', newKey()).send({ reason });
    const reversal = await reverse(transfer.body.id);
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ kind: 'reversal', reversesId: transfer.body.id, memo: '录错了' });
    expect(reversal.body.entries.map((e: { accountId: string; amount: number }) => [e.accountId, e.amount])).toEqual([
      [a, 15],
      [b, -15],
    ]);
    expect(await balance(a)).toBe(20);
    expect(await balance(b)).toBe(0);
    const twice = await reverse(transfer.body.id);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('already_reversed');
    expect((await reverse(reversal.body.id)).body.code).toBe('invalid_state');

    const sale = await inRetryingTransaction(t.dataSource, (tx) =>
      ledgerOf(t).post(tx, { villageId: v.village.id, kind: 'redemption', memo: '兑换', entries: [{ accountId: a, amount: -3 }, { accountId: v.system.redemptions, amount: 3 }], createdBy: SYSTEM_ACTOR }),
    );
    const viaLedger = await reverse(sale.id);
    expect(viaLedger.status).toBe(409);
    expect(viaLedger.body.code).toBe('invalid_state');
    expect((await reverse('7a1f3c2e-0d4b-4c36-9d1e-2f6b8a9c0d1e')).status).toBe(404);
  });

  it('ledger_post decides alone and names its refusal: unknown_account, other_village (a system account too), frozen, overdraft', async () => {
    const other = await givenLedgerVillage(t);
    const household = await givenHouseholdAccount(t, v, 5);
    const frozen = await givenHouseholdAccount(t, v, 5);
    await t.dataSource.transaction((tx) => ledgerOf(t).setStatus(tx, frozen, 'frozen'));
    const audit = { actor_kind: 'system', actor_id: null, actor_name: 'test', actor_roles: [], action: 'test', entity_type: 'ledger_transaction', entity_id: null, village_id: v.village.id, request_id: null, ip: null, before: null, after: null };
    const refusal = async (accounts: string[], amounts: number[]) =>
      t.dataSource.transaction(async (tx) => {
        const [row]: { r_refusal: string | null; r_account: string | null; r_balance: string | null }[] = await tx.query(
          `SELECT r_refusal, r_account, r_balance::text FROM ledger_post(gen_random_uuid(), $1, 'transfer', 'test', NULL, NULL, NULL, NULL, 'system', NULL, 'test', $2, $3, true, $4)`,
          [v.village.id, accounts, amounts, JSON.stringify(audit)],
        );
        const written: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_name = 'test' AND action = 'test'`);
        expect(written[0].n).toBe(0);
        return row;
      });
    const unknown = '7a1f3c2e-0d4b-4c36-9d1e-2f6b8a9c0d1f';
    expect(await refusal([household, unknown], [-1, 1])).toEqual({ r_refusal: 'unknown_account', r_account: unknown, r_balance: null });
    // A system account is looked up by the function, not trusted: another village's issuance is refused.
    expect(await refusal([other.system.issuance, household], [-1, 1])).toEqual({ r_refusal: 'other_village', r_account: other.system.issuance, r_balance: null });
    expect(await refusal([frozen, household], [-1, 1])).toEqual({ r_refusal: 'frozen', r_account: frozen, r_balance: '5' });
    expect(await refusal([household, v.system.issuance], [-6, 6])).toEqual({ r_refusal: 'overdraft', r_account: household, r_balance: '5' });
    // Through the API, the codes are the contract's errors.
    const res = await adjust([
      { accountId: other.system.adjustments, amount: -1 },
      { accountId: household, amount: 1 },
    ]);
    expect(res.status).toBe(404);
    expect(res.body.accountId).toBe(other.system.adjustments);
  });

  it('answers a balance as of a past time from the entries', async () => {
    const household = await givenHouseholdAccount(t, v, 10);
    await sleep(15);
    const t1 = new Date().toISOString();
    await sleep(15);
    await adjust([{ accountId: v.system.adjustments, amount: -5 }, { accountId: household, amount: 5 }]);
    await sleep(15);
    const t2 = new Date().toISOString();
    await sleep(15);
    await postTx({ villageId: v.village.id, kind: 'adjustment', memo: '扣', entries: [{ accountId: household, amount: -12 }, { accountId: v.system.adjustments, amount: 12 }] });
    const at = async (asOf?: string) =>
      (await t.http.get(`/v1/accounts/${household}/balance`).query(asOf ? { asOf } : {}).set(v.admin).expect(200)).body.balance;
    expect(await at('2000-01-01T00:00:00Z')).toBe(0);
    expect(await at(t1)).toBe(10);
    expect(await at(t2)).toBe(15);
    expect(await at()).toBe(3);
    // System accounts too (a sum, not a running balance).
    const adjustmentsNow = await balance(v.system.adjustments);
    expect((await t.http.get(`/v1/accounts/${v.system.adjustments}/balance`).query({ asOf: new Date(Date.now() + 60_000).toISOString() }).set(v.admin)).body.balance).toBe(adjustmentsNow);
  });

  it('pages the passbook newest first, stable while new entries arrive', async () => {
    const household = await givenHouseholdAccount(t, v);
    for (let i = 1; i <= 7; i++) await adjust([{ accountId: v.system.adjustments, amount: -i }, { accountId: household, amount: i }]);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { amount: number; balanceAfter: number; kind: string; memo: string }[]; nextCursor: string | null } } = await t.http
        .get(`/v1/accounts/${household}/entries`)
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .set(v.admin)
        .expect(200);
      seen.push(...res.body.items.map((l) => l.amount));
      if (pages === 0) {
        expect(res.body.items[0]).toMatchObject({ kind: 'adjustment', memo: '补录', amount: 7, balanceAfter: 28 });
        // New entries arrive while the client pages: they must not shift the pages to come.
        await adjust([{ accountId: v.system.adjustments, amount: -100 }, { accountId: household, amount: 100 }]);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
    const latest = await t.http.get(`/v1/accounts/${household}/entries`).query({ limit: 1 }).set(v.admin).expect(200);
    expect(latest.body.items[0]).toMatchObject({ amount: 100, balanceAfter: 128 });
  });

  it('lists transactions newest first, by kind and by account, in keyset pages', async () => {
    const w = await givenLedgerVillage(t);
    const a = await givenHouseholdAccount(t, w, 10);
    const b = await givenHouseholdAccount(t, w, 10);
    const post = (body: object) => t.http.post('/v1/transactions').set(w.admin).set('Idempotency-Key', newKey()).send({ villageId: w.village.id, ...body });
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push((await post({ kind: 'transfer', memo: `t${i}`, entries: [{ accountId: a, amount: -i }, { accountId: b, amount: i }] })).body.id);
      ids.push((await post({ kind: 'adjustment', memo: `x${i}`, entries: [{ accountId: w.system.adjustments, amount: -1 }, { accountId: b, amount: 1 }] })).body.id);
    }
    const walk = async (query: object) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string; entries: unknown[] }[]; nextCursor: string | null } } = await t.http
          .get('/v1/transactions')
          .query({ villageId: w.village.id, limit: 2, ...query, ...(cursor ? { cursor } : {}) })
          .set(w.auditor)
          .expect(200);
        expect(res.body.items.every((x) => x.entries.length === 2)).toBe(true);
        seen.push(...res.body.items.map((x) => x.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const all = await walk({});
    expect(all.slice(0, 6)).toEqual([...ids].reverse());
    expect(all).toHaveLength(8); // and the two awards of the fixtures
    expect(await walk({ kind: 'transfer' })).toEqual([ids[4], ids[2], ids[0]]);
    const [{ transaction_id: awardOfA }] = await t.dataSource.query(`SELECT transaction_id FROM ledger_entries WHERE account_id = $1 ORDER BY id LIMIT 1`, [a]);
    expect(await walk({ accountId: a })).toEqual([ids[4], ids[2], ids[0], awardOfA]);
  });

  it('lets residents read only their own household account; other villages see 404', async () => {
    // A resident grant names a real household of the village: its account, with 3 points.
    const created = await t.http.post('/v1/households').set(await givenAdmin(t)).send({ villageId: v.village.id, code: uniqueCode('H') }).expect(201);
    const household: string = created.body.accountId;
    await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), v, household, 3));
    const resident = await asRole(t, 'resident', v.village.id, { householdId: created.body.id });
    expect((await t.http.get(`/v1/accounts/${household}`).set(resident)).body.balance).toBe(3);
    const neighbour = await givenHouseholdAccount(t, v);
    expect((await t.http.get(`/v1/accounts/${neighbour}`).set(resident)).status).toBe(403);
    const stranger = await asRole(t, 'village_admin', (await givenLedgerVillage(t)).village.id);
    expect((await t.http.get(`/v1/accounts/${household}`).set(stranger)).status).toBe(404);
    expect((await adjust([{ accountId: v.system.adjustments, amount: -1 }, { accountId: household, amount: 1 }], {})).status).toBe(201);
    const clerk = await asRole(t, 'clerk', v.village.id);
    expect((await postTx({ villageId: v.village.id, kind: 'adjustment', memo: 'x', entries: [] }, newKey(), clerk)).status).toBe(403);
  });

  it('verifies a consistent ledger, and reports an entry amount tampered with in SQL (triggers bypassed) with its ids', async () => {
    const w = await givenLedgerVillage(t);
    const household = await givenHouseholdAccount(t, w, 50);
    const verify = (headers = w.auditor) => t.http.get('/v1/ledger/verify').query({ villageId: w.village.id }).set(headers);
    const clean = await verify();
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, checkedTransactions: 1, problems: [] });
    expect((await verify(w.admin)).status).toBe(403);
    expect((await verify(v.auditor)).status).toBe(404);

    const [entry] = await t.dataSource.query(`SELECT id::text, transaction_id FROM ledger_entries WHERE account_id = $1`, [household]);
    await t.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE ledger_entries SET amount = 500 WHERE id = $1`, [entry.id]);
    });
    const tampered = await verify();
    expect(tampered.body.ok).toBe(false);
    const codes = tampered.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['transaction_unbalanced', 'balance_mismatch', 'balance_after_inconsistent']));
    expect(tampered.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'transaction_unbalanced', transactionId: entry.transaction_id }),
        expect.objectContaining({ code: 'balance_mismatch', accountId: household }),
        expect.objectContaining({ code: 'balance_after_inconsistent', entryId: entry.id }),
      ]),
    );
    // The other village is untouched.
    expect((await t.http.get('/v1/ledger/verify').query({ villageId: v.village.id }).set(v.auditor)).body.ok).toBe(true);
  });

  it('verify also walks the audit chain: a ledger audit event edited in SQL is reported', async () => {
    const w = await givenLedgerVillage(t);
    const household = await givenHouseholdAccount(t, w, 9);
    await t.app.get(AuditSealer).sealPending();
    const verify = () => t.http.get('/v1/ledger/verify').query({ villageId: w.village.id }).set(w.auditor);
    expect((await verify()).body.ok).toBe(true);
    const [event] = await t.dataSource.query(
      `SELECT ev.id::text FROM audit_events ev JOIN ledger_entries e ON ev.entity_id = e.transaction_id::text WHERE e.account_id = $1`,
      [household],
    );
    await t.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_events SET after = jsonb_set(after, '{memo}', '"edited"') WHERE id = $1`, [event.id]);
    });
    const res = await verify();
    expect(res.body.ok).toBe(false);
    expect(res.body.problems).toEqual([expect.objectContaining({ code: 'audit_chain_broken', auditEventId: event.id })]);
  });
});
