import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { localMonth } from '../src/core/time/village-time';
import { LedgerPort } from '../src/ledger/ledger.port';
import { Headers, givenAdmin, givenUser } from './support/auth';
import { VillageFixture, givenHousehold, givenPanel, givenRule, givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('党员包户: household contacts', () => {
  let t: TestApp;
  let admin: Headers;
  let village: VillageFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    village = await givenVillage(t);
  });
  afterAll(() => t.close());

  const award = (accountId: string, points: number) =>
    inRetryingTransaction(t.dataSource, async (tx) => {
      const ledger = t.app.get(LedgerPort);
      const system = await ledger.systemAccountIds(tx, village.id);
      return ledger.post(tx, { villageId: village.id, kind: 'award', memo: 'award', entries: [{ accountId: system.issuance, amount: -points }, { accountId, amount: points }], createdBy: SYSTEM_ACTOR });
    });

  it('a contact must hold a role in the village; households and the leaderboard filter by contact and group; the contact lists theirs', async () => {
    const contact = await givenUser(t, [{ role: 'panel_member', villageId: village.id }]);
    const elsewhere = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    await t.http.post('/v1/households').set(admin).send({ villageId: village.id, code: 'X1', contactUserId: elsewhere.id }).expect(400);
    const one = await givenHousehold(t, village.id, { group: '一组', contactUserId: contact.id });
    const two = await givenHousehold(t, village.id, { group: '二组' });
    await givenHousehold(t, village.id, { group: '二组' });
    expect(one).toMatchObject({ contactUserId: contact.id });
    const etag = (await t.http.get(`/v1/households/${two.id}`).set(admin).expect(200)).headers.etag;
    const patched = await t.http.patch(`/v1/households/${two.id}`).set(admin).set('If-Match', etag).send({ contactUserId: contact.id }).expect(200);
    expect(patched.body.contactUserId).toBe(contact.id);
    const events = await t.dataSource.query(`SELECT action, after FROM audit_events WHERE entity_id = $1 ORDER BY id`, [two.id]);
    expect(events[events.length - 1]).toMatchObject({ action: 'household.updated', after: { contactUserId: contact.id } });

    const byContact = await t.http.get(`/v1/households?villageId=${village.id}&contactUserId=${contact.id}`).set(admin).expect(200);
    expect(byContact.body.items.map((h: { id: string }) => h.id).sort()).toEqual([one.id, two.id].sort());
    const byGroup = await t.http.get(`/v1/households?villageId=${village.id}&group=${encodeURIComponent('二组')}`).set(admin).expect(200);
    expect(byGroup.body.items).toHaveLength(2);

    const posted = await award(one.accountId, 12);
    // The month the award counts in, in the village's time zone (not a fixed one: the test runs on any day).
    const month = localMonth(new Date(posted.postedAt), village.settings.timezone);
    const board = await t.http.get(`/v1/villages/${village.id}/leaderboard?period=${month}&contactUserId=${contact.id}`).set(admin).expect(200);
    expect(board.body.items.map((i: { householdId: string; points: number }) => [i.householdId, i.points])).toEqual([
      [one.id, 12],
      [two.id, 0],
    ]);

    const mine = await t.http.get('/v1/me/households?limit=1').set(contact.headers).expect(200);
    expect(mine.body.items).toHaveLength(1);
    const rest = await t.http.get(`/v1/me/households?limit=1&cursor=${mine.body.nextCursor}`).set(contact.headers).expect(200);
    const all = [...mine.body.items, ...rest.body.items];
    expect(all.find((h: { id: string }) => h.id === one.id)).toMatchObject({ villageId: village.id, balance: 12, monthPoints: 12, month, group: '一组' });
    expect(rest.body.nextCursor).toBeNull();
    expect((await t.http.get('/v1/me/households').set(elsewhere.headers).expect(200)).body.items).toEqual([]);
    await t.http.get('/v1/me/households?cursor=bad').set(contact.headers).expect(400);
  });

  it('a contact on the panel proposes items for their households with source contact, never for their own household', async () => {
    const panel = await givenPanel(t, village.id, { size: 3 });
    const member = panel.members[0];
    const own = await givenHousehold(t, village.id);
    // The member also lives in the village: a resident grant for their own household.
    await t.http.patch(`/v1/users/${member.id}`).set(admin).send({ roles: [{ role: 'panel_member', villageId: village.id }, { role: 'resident', villageId: village.id, householdId: own.id }] }).expect(200);
    const cared = await givenHousehold(t, village.id, { contactUserId: member.id });
    const ownEtag = (await t.http.get(`/v1/households/${own.id}`).set(admin).expect(200)).headers.etag;
    await t.http.patch(`/v1/households/${own.id}`).set(admin).set('If-Match', ownEtag).send({ contactUserId: member.id }).expect(200);
    const other = await givenHousehold(t, village.id);
    const rule = await givenRule(t, village.id);
    const round = await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201);
    const propose = (householdId: string) => t.http.post(`/v1/scoring-rounds/${round.body.id}/items`).set(member.headers).send({ householdId, ruleId: rule.id, proposedPoints: 5 });
    expect((await propose(cared.id).expect(201)).body.source).toBe('contact');
    expect((await propose(other.id).expect(201)).body.source).toBe('panel');
    expect((await propose(own.id).expect(403)).body.code).toBe('conflict_of_interest');
  });
});
