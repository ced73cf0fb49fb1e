/**
 * Fairness of scoring (issue 16, items 10 and 11): nobody rates, proposes or resolves an
 * item of their own household; a member taken off the panel stops counting; a resident
 * objects in their own name only.
 */
import { Headers, UserFixture, givenAdmin, givenUser } from './support/auth';
import { givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('fairness of scoring', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  const openRound = async (panelId: string): Promise<string> =>
    (await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId, title: '评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201)).body.id;
  const addItem = (roundId: string, headers: Headers, householdId: string, ruleId: string) =>
    t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(headers).send({ householdId, ruleId, proposedPoints: 5 });
  const rate = (roundId: string, itemId: string, headers: Headers, approve = true) =>
    t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(headers).send(approve ? { approve } : { approve, comment: '不同意' });
  const eventsSince = async (id: number): Promise<string[]> =>
    (await t.dataSource.query(`SELECT action FROM audit_events WHERE id > $1 ORDER BY id`, [id])).map((r: { action: string }) => r.action);
  const lastEvent = async (): Promise<number> => Number((await t.dataSource.query(`SELECT coalesce(max(id), 0) AS id FROM audit_events`))[0].id);
  const expectConflict = (res: { status: number; body: { code: string } }) => expect([res.status, res.body.code]).toEqual([403, 'conflict_of_interest']);

  describe('conflict of interest (item 10)', () => {
    it('refuses a member rating, proposing or resolving an item of their own household (403 conflict_of_interest), and nothing else', async () => {
      const village = await givenVillage(t, { settings: { noticePeriodDays: 3, quorum: 2 } });
      const own = await givenVillageHousehold(t, village.id, { head: '赵大明' });
      const other = await givenVillageHousehold(t, village.id, { head: '钱二多' });
      const rule = await givenRule(t, village.id, { points: 5 });
      // Member 0 lives in `own`: their resident grant says so.
      const neighbour = await givenUser(t, [
        { role: 'panel_member', villageId: village.id },
        { role: 'resident', villageId: village.id, householdId: own.id },
      ]);
      const panel = await givenPanel(t, village.id, { size: 2, quorum: 2 });
      await t.http.patch(`/v1/panels/${panel.id}`).set(admin).send({ members: [...panel.members, neighbour].map((m, i) => ({ userId: m.id, seat: ['cadre', 'party_member', 'resident_rep'][i] })) }).expect(200);
      const roundId = await openRound(panel.id);

      const before = await lastEvent();
      expectConflict(await addItem(roundId, neighbour.headers, own.id, rule.id));
      expectConflict(await t.http.post(`/v1/scoring-rounds/${roundId}/items:bulk`).set(neighbour.headers).send({ ruleId: rule.id, householdIds: [other.id, own.id] }));
      expect(await eventsSince(before)).toEqual([]);

      const ownItem = (await addItem(roundId, panel.members[0].headers, own.id, rule.id).expect(201)).body.id;
      const otherItem = (await addItem(roundId, neighbour.headers, other.id, rule.id).expect(201)).body.id;
      const refused = await rate(roundId, ownItem, neighbour.headers);
      expectConflict(refused);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      await rate(roundId, otherItem, neighbour.headers).expect(201);
      for (const member of panel.members) {
        await rate(roundId, ownItem, member.headers).expect(201);
        await rate(roundId, otherItem, member.headers).expect(201);
      }
      const items = (await t.http.get(`/v1/scoring-rounds/${roundId}/items/${ownItem}`).set(admin).expect(200)).body;
      expect(items.ratings.map((r: { memberId: string }) => r.memberId).sort()).toEqual(panel.members.map((m) => m.id).sort());

      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      const objection = (await t.http.post(`/v1/scoring-rounds/${roundId}/items/${ownItem}/objections`).set(admin).send({ text: '自家人评自家' }).expect(201)).body.id;
      const beforeResolve = await lastEvent();
      expectConflict(await t.http.post(`/v1/objections/${objection}/resolve`).set(neighbour.headers).send({ outcome: 'dismissed', note: '驳回' }));
      expect(await eventsSince(beforeResolve)).toEqual([]);
      await t.http.post(`/v1/objections/${objection}/resolve`).set(panel.members[0].headers).send({ outcome: 'dismissed', note: '驳回' }).expect(200);
    });
  });

  describe('members taken off the panel (item 10)', () => {
    it('no longer rate, propose or resolve, and their ratings do not count at publication', async () => {
      const village = await givenVillage(t, { settings: { noticePeriodDays: 3, quorum: 2 } });
      const household = await givenVillageHousehold(t, village.id, { head: '孙三丰' });
      const rule = await givenRule(t, village.id, { points: 5 });
      const panel = await givenPanel(t, village.id, { size: 3, quorum: 2 });
      const roundId = await openRound(panel.id);
      const counted = (await addItem(roundId, admin, household.id, rule.id).expect(201)).body.id;
      const laterItem = (await addItem(roundId, admin, household.id, rule.id).expect(201)).body.id;
      // Two approvals would reach the quorum of 2 ...
      await rate(roundId, counted, panel.members[0].headers).expect(201);
      await rate(roundId, counted, panel.members[1].headers).expect(201);
      // ... but member 1 is taken off the panel before publication.
      const [stays, leaves, third] = panel.members;
      await t.http.patch(`/v1/panels/${panel.id}`).set(admin).send({ members: [{ userId: stays.id, seat: 'cadre' }, { userId: third.id, seat: 'resident_rep' }] }).expect(200);
      await rate(roundId, laterItem, leaves.headers).expect(403);
      await rate(roundId, counted, leaves.headers).expect(403);
      await addItem(roundId, leaves.headers, household.id, rule.id).expect(403);
      await rate(roundId, laterItem, third.headers).expect(201);

      const published = await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      expect(published.body.counts).toMatchObject({ noQuorum: 2, approved: 0 });
      const item = (await t.http.get(`/v1/scoring-rounds/${roundId}/items/${counted}`).set(admin).expect(200)).body;
      expect([item.status, item.ratings.length]).toEqual(['no_quorum', 2]);

      const objection = (await t.http.post(`/v1/scoring-rounds/${roundId}/items/${counted}/objections`).set(admin).send({ text: '未达人数' }).expect(201)).body.id;
      await t.http.post(`/v1/objections/${objection}/resolve`).set(leaves.headers).send({ outcome: 'dismissed', note: '驳回' }).expect(403);
      await t.http.post(`/v1/objections/${objection}/resolve`).set(stays.headers).send({ outcome: 'dismissed', note: '驳回' }).expect(200);
    });
  });

  describe('objections by residents (item 11)', () => {
    it('are filed in the resident’s own name only; staff may name anyone', async () => {
      const village = await givenVillage(t, { settings: { noticePeriodDays: 3, quorum: 1 } });
      const mine = await givenVillageHousehold(t, village.id);
      const theirs = await givenVillageHousehold(t, village.id);
      const me = (await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: mine.id, name: '周九', isHead: true }).expect(201)).body.id;
      const spouse = (await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: mine.id, name: '吴十' }).expect(201)).body.id;
      const neighbour = (await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: theirs.id, name: '郑十一' }).expect(201)).body.id;
      const rule = await givenRule(t, village.id, { points: 5 });
      const panel = await givenPanel(t, village.id, { size: 1, quorum: 1 });
      const roundId = await openRound(panel.id);
      const itemId = (await addItem(roundId, admin, theirs.id, rule.id).expect(201)).body.id;
      await rate(roundId, itemId, panel.members[0].headers).expect(201);
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);

      const resident: UserFixture = await givenUser(t, [{ role: 'resident', villageId: village.id, householdId: mine.id }]);
      const object = (headers: Headers, residentId?: string) =>
        t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/objections`).set(headers).send({ text: '评分不公', ...(residentId ? { residentId } : {}) });
      const before = await lastEvent();
      const impersonating = await object(resident.headers, neighbour);
      expect([impersonating.status, impersonating.body.code]).toEqual([403, 'forbidden']);
      expect(await eventsSince(before)).toEqual([]);
      expect((await object(resident.headers, me).expect(201)).body).toMatchObject({ residentId: me, onBehalf: false });
      await object(resident.headers, spouse).expect(201);
      await object(resident.headers).expect(201);
      const clerk = await givenUser(t, [{ role: 'clerk', villageId: village.id }]);
      expect((await object(clerk.headers, neighbour).expect(201)).body).toMatchObject({ residentId: neighbour, onBehalf: true });
    });
  });
});
