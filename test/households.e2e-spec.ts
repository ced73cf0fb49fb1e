import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { LedgerPort } from '../src/ledger/ledger.port';
import { checkDigit } from '../src/residents/id-number';
import { Headers, asRole, givenAdmin } from './support/auth';
import { VillageFixture, givenVillage, uniqueCode } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const idNumber = (birth: string, seq: string) => {
  const first17 = `330106${birth}${seq}`;
  return `${first17}${checkDigit(first17)}`;
};

describe('households', () => {
  let t: TestApp;
  let village: VillageFixture;
  let villageAdmin: Headers;
  let clerk: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    village = await givenVillage(t);
    [villageAdmin, clerk] = await Promise.all([asRole(t, 'village_admin', village.id), asRole(t, 'clerk', village.id)]);
  });
  afterAll(() => t.close());

  const createHousehold = (body: object, headers = villageAdmin) => t.http.post('/v1/households').set(headers).send({ villageId: village.id, ...body });
  const givenHousehold = async (body: object = {}) => (await createHousehold({ code: uniqueCode('H'), ...body }).expect(201)).body;
  const award = async (accountId: string, points: number) => {
    const ledger = t.app.get(LedgerPort);
    const system = await ledger.systemAccountIds(t.dataSource.manager, village.id);
    await t.dataSource.transaction((tx) =>
      ledger.post(tx, {
        villageId: village.id,
        kind: 'award',
        memo: '星级文明户',
        entries: [
          { accountId: system.issuance, amount: -points },
          { accountId, amount: points },
        ],
        createdBy: SYSTEM_ACTOR,
      }),
    );
  };
  const auditOf = (entityId: string) =>
    t.dataSource.query(`SELECT action, before, after FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, id`, [entityId]);

  it('creates a household with its points account in the same transaction, audited', async () => {
    const code = uniqueCode('一组-');
    const res = await createHousehold({ code, address: ' 南林桥村一组15号 ', cardNo: uniqueCode('C'), group: '第一村民小组' }).expect(201);
    expect(res.body).toMatchObject({ villageId: village.id, code, address: '南林桥村一组15号', group: '第一村民小组', status: 'active', version: 1 });
    expect(res.headers.etag).toBe(`"${res.body.id}.1"`);
    const [account] = await t.dataSource.query(`SELECT kind, household_id, village_id, status FROM ledger_accounts WHERE id = $1`, [res.body.accountId]);
    expect(account).toEqual({ kind: 'household', household_id: res.body.id, village_id: village.id, status: 'active' });
    expect((await auditOf(res.body.id)).map((e: { action: string }) => e.action)).toEqual(['household.created']);
  });

  it('refuses a duplicate code or card in the village (409) but allows them in another village', async () => {
    const first = await givenHousehold({ cardNo: uniqueCode('C') });
    const dupCode = await createHousehold({ code: first.code });
    expect([dupCode.status, dupCode.body.code]).toEqual([409, 'conflict']);
    const dupCard = await createHousehold({ code: uniqueCode('H'), cardNo: first.cardNo });
    expect([dupCard.status, dupCard.body.code]).toEqual([409, 'conflict']);
    const other = await givenVillage(t);
    const otherAdmin = await asRole(t, 'village_admin', other.id);
    await t.http.post('/v1/households').set(otherAdmin).send({ villageId: other.id, code: first.code, cardNo: first.cardNo }).expect(201);
    const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE village_id = $1 AND code = $2`, [village.id, first.code]);
    expect(count[0].n).toBe(1);
  });

  it('validates the body', async () => {
    const res = await createHousehold({ code: 'bad code!', cardNo: 'x y' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cardNo', 'code']);
  });

  it('PATCH needs a fresh ETag in If-Match (stale → 412) and returns the new one', async () => {
    const h = await givenHousehold();
    const read = await t.http.get(`/v1/households/${h.id}`).set(villageAdmin).expect(200);
    const etag = read.headers.etag;
    const ok = await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).set('If-Match', etag).send({ address: '新地址' }).expect(200);
    expect(ok.body).toMatchObject({ address: '新地址', version: 2 });
    expect(ok.headers.etag).not.toBe(etag);
    const stale = await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).set('If-Match', etag).send({ address: '又一个地址' });
    expect([stale.status, stale.body.code]).toEqual([412, 'precondition_failed']);
    expect((await t.http.get(`/v1/households/${h.id}`).set(villageAdmin)).body.address).toBe('新地址');
    const events = await auditOf(h.id);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['household.created', 'household.updated']);
    expect(events[1]).toMatchObject({ before: { address: null }, after: { address: '新地址' } });
  });

  it('re-issues a card: the old number stops working at once, the new one finds the household', async () => {
    const oldCard = uniqueCode('C');
    const h = await givenHousehold({ cardNo: oldCard });
    await t.http.post('/v1/residents').set(villageAdmin).send({ villageId: village.id, householdId: h.id, name: '张小明', idNumber: idNumber('19900307', '123'), phone: '13812345678', isHead: true }).expect(201);
    await award(h.accountId, 120);
    const before = await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: oldCard }).set(clerk).expect(200);
    expect(before.body).toMatchObject({ household: { id: h.id }, balance: 120, members: [{ name: '张小明', idNumber: '330106**********' + idNumber('19900307', '123').slice(-2), phone: '138****5678', isHead: true }] });

    const newCard = uniqueCode('C');
    await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).send({ cardNo: newCard }).expect(200);
    const old = await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: oldCard }).set(clerk);
    expect([old.status, old.body.code]).toEqual([404, 'not_found']);
    const found = await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: newCard }).set(clerk).expect(200);
    expect(found.body).toMatchObject({ household: { id: h.id, cardNo: newCard }, balance: 120 });
    const events = await auditOf(h.id);
    expect(events[events.length - 1]).toMatchObject({ action: 'household.card_reissued', before: { cardNo: oldCard }, after: { cardNo: newCard } });
    // The old card may be given to another household afterwards.
    await givenHousehold({ cardNo: oldCard });

    // Revoking (a card reported lost, no replacement yet) stops look-ups at once too.
    await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).send({ cardNo: null }).expect(200);
    expect((await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: newCard }).set(clerk)).status).toBe(404);
    const after = await auditOf(h.id);
    expect(after[after.length - 1]).toMatchObject({ action: 'household.card_revoked', before: { cardNo: newCard }, after: { cardNo: null } });
  });

  it('refuses to close a household holding points (409 invalid_state) unless forced with a reason; closing freezes the account', async () => {
    const h = await givenHousehold();
    await award(h.accountId, 50);
    const refused = await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).send({ status: 'closed' });
    expect([refused.status, refused.body.code, refused.body.balance]).toEqual([409, 'invalid_state', 50]);
    const noReason = await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).send({ status: 'closed', force: true });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'validation_failed']);
    const [stillActive] = await t.dataSource.query(`SELECT status FROM ledger_accounts WHERE id = $1`, [h.accountId]);
    expect(stillActive.status).toBe('active');

    const closed = await t.http.patch(`/v1/households/${h.id}`).set(villageAdmin).send({ status: 'closed', force: true, reason: '全户迁出，积分由村委会处理' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const [frozen] = await t.dataSource.query(`SELECT status FROM ledger_accounts WHERE id = $1`, [h.accountId]);
    expect(frozen.status).toBe('frozen');
    const events = await auditOf(h.id);
    expect(events[events.length - 1]).toMatchObject({ action: 'household.closed', after: { status: 'closed', balance: 50, force: true, reason: '全户迁出，积分由村委会处理' } });

    const empty = await givenHousehold();
    await t.http.patch(`/v1/households/${empty.id}`).set(villageAdmin).send({ status: 'closed' }).expect(200);
    const reopened = await t.http.patch(`/v1/households/${empty.id}`).set(villageAdmin).send({ status: 'active' }).expect(200);
    expect(reopened.body.status).toBe('active');
    const [thawed] = await t.dataSource.query(`SELECT status FROM ledger_accounts WHERE id = $1`, [empty.accountId]);
    expect(thawed.status).toBe('active');
  });

  it('answers the balance, now and as of a past time', async () => {
    const h = await givenHousehold();
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await award(h.accountId, 30);
    const now = await t.http.get(`/v1/households/${h.id}/balance`).set(clerk).expect(200);
    expect(now.body).toMatchObject({ householdId: h.id, accountId: h.accountId, balance: 30, asOf: expect.any(String) });
    const past = await t.http.get(`/v1/households/${h.id}/balance`).query({ asOf: t0 }).set(clerk).expect(200);
    expect(past.body).toMatchObject({ balance: 0, asOf: t0 });
  });

  it('shows a resident user only their own household, with personal data masked', async () => {
    const mine = await givenHousehold();
    const theirs = await givenHousehold();
    const id = idNumber('19850612', '246');
    await t.http.post('/v1/residents').set(villageAdmin).send({ villageId: village.id, householdId: mine.id, name: '李四', idNumber: id, phone: '13912345678' }).expect(201);
    await t.http.post('/v1/residents').set(villageAdmin).send({ villageId: village.id, householdId: theirs.id, name: '王五' }).expect(201);
    const resident = await asRole(t, 'resident', village.id, { householdId: mine.id });

    const list = await t.http.get('/v1/households').query({ villageId: village.id }).set(resident).expect(200);
    expect(list.body.items.map((h: { id: string }) => h.id)).toEqual([mine.id]);
    await t.http.get(`/v1/households/${mine.id}`).set(resident).expect(200);
    await t.http.get(`/v1/households/${mine.id}/balance`).set(resident).expect(200);
    expect((await t.http.get(`/v1/households/${theirs.id}`).set(resident)).status).toBe(404);
    expect((await t.http.get(`/v1/households/${theirs.id}/balance`).set(resident)).status).toBe(404);
    const members = await t.http.get('/v1/residents').query({ villageId: village.id }).set(resident).expect(200);
    expect(members.body.items).toEqual([expect.objectContaining({ name: '李四', idNumber: `330106**********${id.slice(-2)}`, phone: '139****5678' })]);
    const lookup = await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: 'ANY' }).set(resident);
    expect(lookup.status).toBe(403);
  });

  it('masks ID numbers and phones for everyone but admin and the village_admin of that village', async () => {
    const h = await givenHousehold();
    const id = idNumber('19700101', '135');
    const created = await t.http.post('/v1/residents').set(villageAdmin).send({ villageId: village.id, householdId: h.id, name: '赵六', idNumber: id, phone: '13712345678' }).expect(201);
    expect(created.body).toMatchObject({ idNumber: id, phone: '13712345678', birthDate: '1970-01-01', gender: 'male' });
    const otherVillageAdmin = await asRole(t, 'village_admin', (await givenVillage(t)).id);
    const views: Record<string, Headers> = {
      admin: await givenAdmin(t),
      village_admin: villageAdmin,
      clerk,
      auditor: await asRole(t, 'auditor', village.id),
      panel_member: await asRole(t, 'panel_member', village.id),
      resident: await asRole(t, 'resident', village.id, { householdId: h.id }),
    };
    for (const [role, headers] of Object.entries(views)) {
      const res = await t.http.get(`/v1/residents/${created.body.id}`).set(headers).expect(200);
      const clear = role === 'admin' || role === 'village_admin';
      expect([role, res.body.idNumber, res.body.phone]).toEqual([role, clear ? id : `330106**********${id.slice(-2)}`, clear ? '13712345678' : '137****5678']);
    }
    expect((await t.http.get(`/v1/residents/${created.body.id}`).set(otherVillageAdmin)).status).toBe(404);
    // At rest: neither value in clear; audit events masked.
    const [row] = await t.dataSource.query(`SELECT id_enc, phone_enc FROM residents WHERE id = $1`, [created.body.id]);
    expect(row.id_enc.toString('latin1')).not.toContain(id);
    expect(row.phone_enc.toString('latin1')).not.toContain('13712345678');
    const events = JSON.stringify(await auditOf(created.body.id));
    expect(events).not.toContain(id);
    expect(events).not.toContain('13712345678');
    expect(events).toContain('137****5678');
  });

  it('searches households by code prefix, card, member name fragment and phone, with a cursor', async () => {
    const prefix = uniqueCode('S');
    const a = await givenHousehold({ code: `${prefix}-01`, cardNo: uniqueCode('C') });
    const b = await givenHousehold({ code: `${prefix}-02` });
    await givenHousehold({ code: `${prefix}-03` });
    await t.http.post('/v1/residents').set(villageAdmin).send({ villageId: village.id, householdId: b.id, name: '欧阳春花', phone: '13612345678' }).expect(201);
    const search = async (q: string, extra: object = {}) => (await t.http.get('/v1/households').query({ villageId: village.id, q, ...extra }).set(clerk).expect(200)).body;
    expect((await search(prefix)).items.map((h: { code: string }) => h.code)).toEqual([`${prefix}-01`, `${prefix}-02`, `${prefix}-03`]);
    expect((await search(a.cardNo)).items.map((h: { id: string }) => h.id)).toEqual([a.id]);
    expect((await search('阳春花')).items.map((h: { id: string }) => h.id)).toEqual([b.id]);
    expect((await search('13612345678')).items.map((h: { id: string }) => h.id)).toEqual([b.id]);
    const page1 = await search(prefix, { limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await search(prefix, { limit: 2, cursor: page1.nextCursor });
    expect(page2).toMatchObject({ items: [{ code: `${prefix}-03` }], nextCursor: null });
  });
});
