/**
 * Issue 6 edge cases: the rule book (ETag, retire, points frozen once used), quorum and
 * unanimity, medians with even counts, caps across rounds, who may rate and claim, the
 * panel snapshot, bulk limits, cancel, all-or-nothing and concurrent posting.
 */
import { randomUUID } from 'node:crypto';
import { Headers, givenAdmin, givenUser } from './support/auth';
import { PanelFixture, ScoringHousehold, givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('scoring rules and edge cases', () => {
  let t: TestApp;
  let admin: Headers;
  let villageId: string;
  let households: ScoringHousehold[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    // Notice period 0: decisions may be posted at once (no clock needed in this suite).
    villageId = (await givenVillage(t, { settings: { noticePeriodDays: 0, quorum: 3 } })).id;
    households = [];
    for (let i = 0; i < 4; i++) households.push(await givenVillageHousehold(t, villageId, { head: `赵${i}强` }));
  }, 120_000);
  afterAll(() => t.close());

  async function openRound(panel: PanelFixture, period = ['2026-11-01', '2026-11-30']): Promise<string> {
    const res = await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '评议', periodStart: period[0], periodEnd: period[1] }).expect(201);
    expect(res.body.status).toBe('open');
    return res.body.id;
  }
  const addItem = (roundId: string, body: object, headers: Headers = admin) => t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(headers).send(body);
  const rate = (roundId: string, itemId: string, member: { headers: Headers }, body: object) =>
    t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(member.headers).send(body);
  const itemsOf = async (roundId: string) => (await t.http.get(`/v1/scoring-rounds/${roundId}/items?limit=200`).set(admin).expect(200)).body.items as { id: string; status: string; finalPoints: number | null; reason: string | null; transactionId: string | null }[];
  const post = (roundId: string, key = randomUUID()) => t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(admin).set('idempotency-key', key);

  describe('rule book', () => {
    it('validates points: fixed xor range, one sign, caps with a period', async () => {
      const base = { villageId, code: 'X-1', category: '其他', title: '测试' };
      for (const bad of [{ points: 5, minPoints: 1, maxPoints: 3 }, {}, { minPoints: 5, maxPoints: 1 }, { minPoints: -2, maxPoints: 3 }, { points: 0 }, { points: 2, capPerPeriod: 10 }, { points: 2.5 }]) {
        const res = await t.http.post('/v1/rules').set(admin).send({ ...base, ...bad });
        expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'validation_failed']);
      }
    });

    it('uses ETags, freezes points once an item uses the rule, retires, and frees the code', async () => {
      const created = await t.http.post('/v1/rules').set(admin).send({ villageId, code: 'FIX-1', category: '孝老爱亲', title: '照顾老人', points: 5 }).expect(201);
      const id = created.body.id;
      await t.http.post('/v1/rules').set(admin).send({ villageId, code: 'FIX-1', category: '其他', title: '重复', points: 1 }).expect(409);
      const read = await t.http.get(`/v1/rules/${id}`).set(admin).expect(200);
      const patched = await t.http.patch(`/v1/rules/${id}`).set(admin).set('if-match', read.headers.etag).send({ title: '照顾孤寡老人', points: 6 }).expect(200);
      expect(patched.body).toMatchObject({ title: '照顾孤寡老人', points: 6 });
      await t.http.patch(`/v1/rules/${id}`).set(admin).set('if-match', read.headers.etag).send({ title: '旧' }).expect(412).expect((r) => expect(r.body.code).toBe('precondition_failed'));

      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const roundId = await openRound(panel);
      await addItem(roundId, { householdId: households[0].id, ruleId: id, proposedPoints: 6 }).expect(201);
      await t.http.patch(`/v1/rules/${id}`).set(admin).send({ points: 7 }).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state'));
      await t.http.patch(`/v1/rules/${id}`).set(admin).set('if-match', patched.headers.etag).send({ description: '每月一次' }).expect(200);

      const retired = await t.http.post(`/v1/rules/${id}/retire`).set(admin).expect(200);
      expect(retired.body).toMatchObject({ status: 'retired' });
      await t.http.post(`/v1/rules/${id}/retire`).set(admin).expect(409);
      await addItem(roundId, { householdId: households[1].id, ruleId: id, proposedPoints: 6 }).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state'));
      const replacement = await t.http.post('/v1/rules').set(admin).send({ villageId, code: 'FIX-1', category: '孝老爱亲', title: '照顾老人', points: 7 }).expect(201);
      expect(replacement.body.id).not.toBe(id);
      const active = (await t.http.get(`/v1/rules?villageId=${villageId}&status=active`).set(admin).expect(200)).body.items;
      expect(active.filter((r: { code: string }) => r.code === 'FIX-1')).toHaveLength(1);
    });
  });

  describe('deciding items', () => {
    it('quorum and unanimity: all approve → approved, one dissent → rejected, below quorum → no_quorum', async () => {
      const panel = await givenPanel(t, villageId, { size: 4, quorum: 3, decision: 'unanimous' });
      const rule = await givenRule(t, villageId, { points: 3 });
      const roundId = await openRound(panel);
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await addItem(roundId, { householdId: households[i].id, ruleId: rule.id, proposedPoints: 3 }).expect(201)).body.id);
      const [m0, m1, m2, m3] = panel.members;
      for (const m of [m0, m1, m2]) await rate(roundId, ids[0], m, { approve: true }).expect(201); // exactly the quorum
      for (const m of [m0, m1, m2]) await rate(roundId, ids[1], m, { approve: true }).expect(201);
      await rate(roundId, ids[1], m3, { approve: false, comment: '不同意' }).expect(201);
      for (const m of [m0, m1]) await rate(roundId, ids[2], m, { approve: true }).expect(201); // below quorum
      for (const m of [m0, m1, m2, m3]) await rate(roundId, ids[3], m, { approve: true }).expect(201);
      await rate(roundId, ids[3], m3, { approve: false, comment: '改变主意' }).expect(201); // replaces m3's approval
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      const items = new Map((await itemsOf(roundId)).map((i) => [i.id, i]));
      expect(items.get(ids[0])).toMatchObject({ status: 'approved', finalPoints: 3 });
      expect(items.get(ids[1])).toMatchObject({ status: 'rejected', reason: 'decision' });
      expect(items.get(ids[2])).toMatchObject({ status: 'no_quorum', reason: 'no_quorum' });
      expect(items.get(ids[3])).toMatchObject({ status: 'rejected', reason: 'decision' });
    });

    it('majority: a tie rejects; the median of approving points, with even counts halves toward zero', async () => {
      const panel = await givenPanel(t, villageId, { size: 4, quorum: 2, decision: 'majority' });
      const rule = await givenRule(t, villageId, { minPoints: 1, maxPoints: 10 });
      const deduction = await givenRule(t, villageId, { minPoints: -10, maxPoints: -1 });
      const roundId = await openRound(panel);
      const a = (await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 5 }).expect(201)).body.id;
      const b = (await addItem(roundId, { householdId: households[1].id, ruleId: rule.id, proposedPoints: 5 }).expect(201)).body.id;
      const c = (await addItem(roundId, { householdId: households[2].id, ruleId: rule.id, proposedPoints: 5 }).expect(201)).body.id;
      const d = (await addItem(roundId, { householdId: households[3].id, ruleId: deduction.id, proposedPoints: -3 }).expect(201)).body.id;
      const [m0, m1, m2, m3] = panel.members;
      for (const [m, p] of [[m0, 2], [m1, 9], [m2, 3], [m3, 8]] as const) await rate(roundId, a, m, { approve: true, points: p }).expect(201); // 2,3,8,9 → 5.5 → 5
      await rate(roundId, b, m0, { approve: true, points: 2 }).expect(201);
      await rate(roundId, b, m1, { approve: true, points: 3 }).expect(201); // 2,3 → 2.5 → 2
      await rate(roundId, b, m2, { approve: false, comment: '一般' }).expect(201);
      await rate(roundId, c, m0, { approve: true, points: 4 }).expect(201);
      await rate(roundId, c, m1, { approve: false, comment: '不符合' }).expect(201); // 1 of 2: a tie
      await rate(roundId, d, m0, { approve: true, points: -2 }).expect(201);
      await rate(roundId, d, m1, { approve: true, points: -3 }).expect(201); // -2,-3 → -2.5 → -2
      // Out of range, approving a range rule without points, rejecting without a comment: 400.
      await rate(roundId, a, m0, { approve: true, points: 11 }).expect(400);
      await rate(roundId, a, m0, { approve: true }).expect(400);
      await rate(roundId, a, m0, { approve: false }).expect(400);
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      const items = new Map((await itemsOf(roundId)).map((i) => [i.id, i]));
      expect(items.get(a)).toMatchObject({ status: 'approved', finalPoints: 5 });
      expect(items.get(b)).toMatchObject({ status: 'approved', finalPoints: 2 });
      expect(items.get(c)).toMatchObject({ status: 'rejected', reason: 'decision' });
      expect(items.get(d)).toMatchObject({ status: 'approved', finalPoints: -2 });
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(409);
    });

    it('caps a household per rule and period across rounds, within a round, and not across periods', async () => {
      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const member = panel.members[0];
      const rule = await givenRule(t, villageId, { minPoints: 1, maxPoints: 10, capPerPeriod: 10, period: 'month' });
      const h = households[0].id;
      const approveAll = async (roundId: string, points: number[]) => {
        const ids = [];
        for (const p of points) {
          const id = (await addItem(roundId, { householdId: h, ruleId: rule.id, proposedPoints: p }).expect(201)).body.id;
          await rate(roundId, id, member, { approve: true, points: p }).expect(201);
          ids.push(id);
        }
        await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
        const items = new Map((await itemsOf(roundId)).map((i) => [i.id, i]));
        return ids.map((id) => items.get(id)!);
      };
      const first = await approveAll(await openRound(panel, ['2026-11-01', '2026-11-15']), [6, 4]);
      expect(first.map((i) => [i.status, i.finalPoints])).toEqual([['approved', 6], ['approved', 4]]); // exactly the cap
      const second = await approveAll(await openRound(panel, ['2026-11-16', '2026-11-30']), [1]);
      expect(second[0]).toMatchObject({ status: 'rejected', reason: 'cap_exceeded', finalPoints: null });
      const december = await approveAll(await openRound(panel, ['2026-12-01', '2026-12-31']), [7, 4]);
      expect(december.map((i) => [i.status, i.reason])).toEqual([['approved', null], ['rejected', 'cap_exceeded']]);
    });
  });

  describe('who may add and rate', () => {
    it('refuses out-of-range points, missing evidence, foreign households; self-claims only for the own household', async () => {
      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const rule = await givenRule(t, villageId, { minPoints: 1, maxPoints: 10, evidenceRequired: true });
      const roundId = await openRound(panel);
      const evidence = ['https://example.org/p.jpg'];
      await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 11, evidence }).expect(400).expect((r) => expect(r.body.errors[0].field).toBe('proposedPoints'));
      await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 0, evidence }).expect(400);
      await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 5 }).expect(400).expect((r) => expect(r.body.errors[0].field).toBe('evidence'));
      const otherVillage = await givenVillage(t);
      const foreign = await givenVillageHousehold(t, otherVillage.id);
      await addItem(roundId, { householdId: foreign.id, ruleId: rule.id, proposedPoints: 5, evidence }).expect(400);

      const resident = await givenUser(t, [{ role: 'resident', villageId, householdId: households[1].id }]);
      await addItem(roundId, { householdId: households[2].id, ruleId: rule.id, proposedPoints: 5, evidence }, resident.headers).expect(403).expect((r) => expect(r.body.code).toBe('forbidden'));
      const claim = await addItem(roundId, { householdId: households[1].id, ruleId: rule.id, proposedPoints: 5, evidence }, resident.headers).expect(201);
      expect(claim.body).toMatchObject({ source: 'self_claim', householdId: households[1].id });
      const plain = await givenRule(t, villageId, { points: 2 });
      await addItem(roundId, { householdId: households[1].id, ruleId: plain.id, proposedPoints: 2 }, resident.headers).expect(400); // a self-claim needs evidence
      await t.http.post(`/v1/scoring-rounds/${roundId}/items:bulk`).set(resident.headers).send({ ruleId: plain.id, householdIds: [households[1].id] }).expect(403);
    });

    it('lets only members of the round rate; the round keeps the membership it opened with, less members taken off the panel', async () => {
      const panel = await givenPanel(t, villageId, { size: 2, quorum: 1 });
      const rule = await givenRule(t, villageId, { points: 2 });
      const roundId = await openRound(panel);
      const item = (await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 2 }).expect(201)).body.id;
      const outsider = await givenUser(t, [{ role: 'panel_member', villageId }]);
      await rate(roundId, item, outsider, { approve: true }).expect(403);
      await t.http.post(`/v1/scoring-rounds/${roundId}/items/${item}/ratings`).set(admin).send({ approve: true }).expect(403); // the admin is not on this panel
      const villageAdmin = await givenUser(t, [{ role: 'village_admin', villageId }]);
      await t.http.post(`/v1/scoring-rounds/${roundId}/items/${item}/ratings`).set(villageAdmin.headers).send({ approve: true }).expect(403);
      // The panel changes: the outsider joins, member 1 leaves. The open round takes nobody new, and the one who left no longer rates.
      await t.http.patch(`/v1/panels/${panel.id}`).set(admin).send({ members: [{ userId: panel.members[0].id, seat: 'cadre' }, { userId: outsider.id, seat: 'resident_rep' }] }).expect(200);
      await rate(roundId, item, outsider, { approve: true }).expect(403);
      await rate(roundId, item, panel.members[1], { approve: true }).expect(403);
      await rate(roundId, item, panel.members[0], { approve: true }).expect(201);
      const round = (await t.http.get(`/v1/scoring-rounds/${roundId}`).set(admin).expect(200)).body;
      expect(round.members.map((m: { userId: string }) => m.userId).sort()).toEqual(panel.members.map((m) => m.id).sort());
      // A new round takes the new membership.
      const next = await openRound(panel);
      const nextItem = (await addItem(next, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 2 }).expect(201)).body.id;
      await rate(next, nextItem, outsider, { approve: true }).expect(201);
      await rate(next, nextItem, panel.members[1], { approve: true }).expect(403);
      // Panel members must hold panel_member in the village; the quorum cannot exceed the members.
      const clerk = await givenUser(t, [{ role: 'clerk', villageId }]);
      await t.http.post('/v1/panels').set(admin).send({ villageId, name: 'x', members: [{ userId: clerk.id, seat: 'cadre' }], quorum: 1 }).expect(400);
      await t.http.post('/v1/panels').set(admin).send({ villageId, name: 'x', members: [{ userId: outsider.id, seat: 'cadre' }] }).expect(400); // village quorum 3 > 1 member
    });

    it('bulk: up to 1,000 distinct active households of the village, all or nothing', async () => {
      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const rule = await givenRule(t, villageId, { points: 2 });
      const roundId = await openRound(panel);
      const bulk = (ids: string[]) => t.http.post(`/v1/scoring-rounds/${roundId}/items:bulk`).set(panel.members[0].headers).send({ ruleId: rule.id, householdIds: ids });
      await bulk(Array.from({ length: 1001 }, () => randomUUID())).expect(400);
      await bulk([households[0].id, households[0].id]).expect(400);
      await bulk([households[0].id, randomUUID()]).expect(400);
      expect(await itemsOf(roundId)).toHaveLength(0);
      const ok = await bulk(households.map((h) => h.id)).expect(201);
      expect(ok.body.created).toBe(4);
      const range = await givenRule(t, villageId, { minPoints: 1, maxPoints: 5 });
      await t.http.post(`/v1/scoring-rounds/${roundId}/items:bulk`).set(admin).send({ ruleId: range.id, householdIds: [households[0].id] }).expect(400); // a range needs proposedPoints
    });
  });

  describe('cancel and post', () => {
    it('cancels before posting; a cancelled round takes no items and is never posted', async () => {
      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const rule = await givenRule(t, villageId, { points: 2 });
      const roundId = await openRound(panel);
      await t.http.post(`/v1/scoring-rounds/${roundId}/cancel`).set(admin).send({ reason: '重复建立' }).expect(200).expect((r) => expect(r.body.status).toBe('cancelled'));
      await addItem(roundId, { householdId: households[0].id, ruleId: rule.id, proposedPoints: 2 }).expect(409);
      await post(roundId).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state'));
      await t.http.post(`/v1/scoring-rounds/${roundId}/cancel`).set(admin).send({ reason: '再次' }).expect(409);
    });

    it('posts all or nothing: a failing posting leaves no transaction and the round under notice', async () => {
      const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
      const rule = await givenRule(t, villageId, { points: 3 });
      const roundId = await openRound(panel);
      const ids = [];
      for (const h of households) {
        const id = (await addItem(roundId, { householdId: h.id, ruleId: rule.id, proposedPoints: 3 }).expect(201)).body.id;
        await rate(roundId, id, panel.members[0], { approve: true }).expect(201);
        ids.push(id);
      }
      await post(roundId).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state')); // still open
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      // One household's account frozen (by SQL, as the ledger would for a closed household): the whole post fails.
      const frozen = [...households].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))[2];
      await t.dataSource.query(`UPDATE ledger_accounts SET status = 'frozen' WHERE id = $1`, [frozen.accountId]);
      await post(roundId).expect(409);
      const none = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = ANY($1::text[])`, [ids]);
      expect(none[0].n).toBe(0);
      expect((await t.http.get(`/v1/scoring-rounds/${roundId}`).set(admin).expect(200)).body.status).toBe('notice');
      expect((await itemsOf(roundId)).every((i) => i.transactionId === null)).toBe(true);
      await t.dataSource.query(`UPDATE ledger_accounts SET status = 'active' WHERE id = $1`, [frozen.accountId]);

      // Two posts racing with different keys: one set of transactions, the same answer.
      const [a, b] = await Promise.all([post(roundId), post(roundId)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.postings).toEqual(b.body.postings);
      const all = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = ANY($1::text[])`, [ids]);
      expect(all[0].n).toBe(4);
      const auditor = await givenUser(t, [{ role: 'auditor', villageId }]);
      expect((await t.http.get(`/v1/ledger/verify?villageId=${villageId}`).set(auditor.headers).expect(200)).body).toMatchObject({ ok: true, problems: [] });
    });

    it('hides names of deductions on the public notice when the village says so', async () => {
      const village = await givenVillage(t, { settings: { noticePeriodDays: 2, quorum: 1 } });
      const h = await givenVillageHousehold(t, village.id, { head: '钱多多' });
      const panel = await givenPanel(t, village.id, { size: 1, quorum: 1 });
      const fine = await givenRule(t, village.id, { points: -5 });
      const reward = await givenRule(t, village.id, { points: 5 });
      const roundId = await openRound(panel);
      for (const rule of [fine, reward]) {
        const id = (await addItem(roundId, { householdId: h.id, ruleId: rule.id, proposedPoints: rule === fine ? -5 : 5 }).expect(201)).body.id;
        await rate(roundId, id, panel.members[0], { approve: true }).expect(201);
      }
      await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);
      const names = async () =>
        (await t.http.get(`/v1/public/villages/${village.id}/notices`).expect(200)).body.rounds[0].items.map((i: { ruleCode: string; headName: string | null }) => [i.ruleCode === fine.code ? 'fine' : 'reward', i.headName]).sort();
      expect(await names()).toEqual([['fine', '钱*多'], ['reward', '钱*多']]);
      await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ settings: { showDeductionNames: false } }).expect(200);
      expect(await names()).toEqual([['fine', null], ['reward', '钱*多']]);
      await t.http.get(`/v1/public/villages/${randomUUID()}/notices`).expect(404);
    });
  });
});
