/**
 * Issue 6 end to end over HTTP: rule → panel → round → items → ratings → publish →
 * public notice → objection → resolve → post → balances and passbooks → ledger verify.
 */
import { randomUUID } from 'node:crypto';
import { Clock } from '../src/core/time/clock';
import { Headers, givenAdmin, givenUser, login } from './support/auth';
import { PanelFixture, ScoringHousehold, VillageFixture, givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const DAY = 24 * 3600 * 1000;

describe('scoring: the whole lifecycle through HTTP', () => {
  let t: TestApp;
  let village: VillageFixture;
  let admin: Headers;
  let villageAdmin: { username: string; password: string; headers: Headers };
  let auditor: { username: string; password: string; headers: Headers };
  let panel: PanelFixture;
  let zhang: ScoringHousehold;
  let li: ScoringHousehold;
  let wang: ScoringHousehold;
  let residentLi: { username: string; password: string; headers: Headers };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    village = await givenVillage(t, { settings: { noticePeriodDays: 3, quorum: 3 } });
    villageAdmin = await givenUser(t, [{ role: 'village_admin', villageId: village.id }]);
    auditor = await givenUser(t, [{ role: 'auditor', villageId: village.id }]);
    panel = await givenPanel(t, village.id, { size: 3, quorum: 3 });
    zhang = await givenVillageHousehold(t, village.id, { head: '张三明' });
    li = await givenVillageHousehold(t, village.id, { head: '李四' });
    wang = await givenVillageHousehold(t, village.id, { head: '欧阳小明' });
    residentLi = await givenUser(t, [{ role: 'resident', villageId: village.id, householdId: li.id }]);
  }, 120_000);
  afterAll(() => t.close());

  const balanceOf = async (h: ScoringHousehold, headers: Headers): Promise<number> =>
    (await t.http.get(`/v1/households/${h.id}/balance`).set(headers).expect(200)).body.balance;

  it('runs rule → panel → round → items → ratings → publish → notice → objection → resolve → post', async () => {
    const va = villageAdmin.headers;
    // Rule book: a range rule with evidence, a fixed rule, a deduction.
    const hygiene = await t.http
      .post('/v1/rules')
      .set(va)
      .send({ villageId: village.id, code: 'HY-01', category: '环境卫生', title: '庭院整洁', description: '每月检查', minPoints: 1, maxPoints: 10, evidenceRequired: true })
      .expect(201);
    expect(hygiene.headers.etag).toBe(`"${hygiene.body.id}.1"`);
    expect(hygiene.body).toMatchObject({ code: 'HY-01', minPoints: 1, maxPoints: 10, points: null, evidenceRequired: true, status: 'active' });
    const volunteer = (await t.http.post('/v1/rules').set(va).send({ villageId: village.id, code: 'VO-01', category: '志愿服务', title: '义务劳动', points: 5 }).expect(201)).body;
    const litter = (await t.http.post('/v1/rules').set(va).send({ villageId: village.id, code: 'DE-01', category: '乡风文明', title: '乱倒垃圾', points: -8 }).expect(201)).body;

    const round = await t.http
      .post('/v1/scoring-rounds')
      .set(va)
      .send({ panelId: panel.id, title: '2026年11月评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' })
      .expect(201);
    expect(round.body).toMatchObject({ status: 'open', quorum: 3, decision: 'majority' });
    expect(round.body.members).toHaveLength(3);
    const roundId: string = round.body.id;

    // Items: by the village admin, a self-claim by a resident, a bulk event.
    const evidence = ['https://photos.example.org/zhang-yard.jpg'];
    const zhangItem = (await t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(va).send({ householdId: zhang.id, ruleId: hygiene.body.id, proposedPoints: 8, evidence }).expect(201)).body;
    expect(zhangItem).toMatchObject({ status: 'pending', source: 'panel', proposedPoints: 8 });
    const claim = (
      await t.http
        .post(`/v1/scoring-rounds/${roundId}/items`)
        .set(residentLi.headers)
        .send({ householdId: li.id, ruleId: hygiene.body.id, proposedPoints: 6, evidence: ['https://photos.example.org/li.jpg'], note: '申报' })
        .expect(201)
    ).body;
    expect(claim.source).toBe('self_claim');
    const bulk = await t.http
      .post(`/v1/scoring-rounds/${roundId}/items:bulk`)
      .set(panel.members[0].headers)
      .send({ ruleId: volunteer.id, householdIds: [zhang.id, li.id, wang.id] })
      .expect(201);
    expect(bulk.body.created).toBe(3);
    expect(bulk.body.items.map((i: { proposedPoints: number }) => i.proposedPoints)).toEqual([5, 5, 5]);
    const wangPenalty = (await t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(panel.members[1].headers).send({ householdId: wang.id, ruleId: litter.id, proposedPoints: -8 }).expect(201)).body;

    // Ratings: the three members; medians, a rejection and a no-quorum item.
    const rate = (member: number, itemId: string, body: object) =>
      t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(panel.members[member].headers).send(body);
    await rate(0, zhangItem.id, { approve: true, points: 6 }).expect(201);
    await rate(1, zhangItem.id, { approve: true, points: 9 }).expect(201);
    await rate(2, zhangItem.id, { approve: true, points: 7 }).expect(201);
    await rate(2, zhangItem.id, { approve: true, points: 8 }).expect(201); // replaces the first
    await rate(0, claim.id, { approve: true, points: 6 }).expect(201);
    await rate(1, claim.id, { approve: false, comment: '照片不清楚' }).expect(201);
    await rate(2, claim.id, { approve: false, comment: '不符合标准' }).expect(201);
    for (const item of bulk.body.items.slice(0, 2)) for (const m of [0, 1, 2]) await rate(m, item.id, { approve: true }).expect(201);
    await rate(0, bulk.body.items[2].id, { approve: true }).expect(201); // one rating only: no quorum
    for (const m of [0, 1, 2]) await rate(m, wangPenalty.id, { approve: true }).expect(201);

    const detail = await t.http.get(`/v1/scoring-rounds/${roundId}/items/${zhangItem.id}`).set(va).expect(200);
    expect(detail.body.ratings.map((r: { points: number }) => r.points).sort()).toEqual([6, 8, 9]);

    const published = await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(va).expect(200);
    expect(published.body.status).toBe('notice');
    expect(new Date(published.body.noticeEndsAt).getTime() - new Date(published.body.publishedAt).getTime()).toBe(3 * DAY);
    expect(published.body.counts).toMatchObject({ items: 6, approved: 4, rejected: 1, noQuorum: 1, pending: 0 });
    const items = (await t.http.get(`/v1/scoring-rounds/${roundId}/items?limit=200`).set(auditor.headers).expect(200)).body.items;
    const byId = new Map(items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(zhangItem.id)).toMatchObject({ status: 'approved', finalPoints: 8 });
    expect(byId.get(claim.id)).toMatchObject({ status: 'rejected', reason: 'decision', finalPoints: null });
    expect(byId.get(bulk.body.items[2].id)).toMatchObject({ status: 'no_quorum' });
    expect(byId.get(wangPenalty.id)).toMatchObject({ status: 'approved', finalPoints: -8 });

    // Ratings after publish: 409.
    await rate(0, zhangItem.id, { approve: true, points: 2 }).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state'));

    // The public notice, without login: masked names, JSON and a printable page.
    const notice = await t.http.get(`/v1/public/villages/${village.id}/notices`).expect(200);
    const noticeRound = notice.body.rounds.find((r: { id: string }) => r.id === roundId);
    expect(noticeRound.status).toBe('notice');
    const zhangLine = noticeRound.items.find((i: { id: string }) => i.id === zhangItem.id);
    expect(zhangLine).toMatchObject({ householdCode: zhang.code, headName: '张*明', ruleCode: 'HY-01', points: 8, decision: 'approved' });
    expect(noticeRound.items.find((i: { id: string }) => i.id === wangPenalty.id)).toMatchObject({ headName: '欧**明', points: -8 });
    expect(JSON.stringify(notice.body)).not.toContain('张三明');
    const html = await t.http.get(`/v1/public/villages/${village.id}/notices`).set('accept', 'text/html').expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('张*明');
    expect(html.text).toContain('2026年11月评议');
    expect(html.text).not.toContain('张三明');
    expect(html.text).not.toMatch(/<script/i);

    // Objections: a resident objects to 张's item; staff file one on a villager's behalf, anonymously.
    const objection = (await t.http.post(`/v1/scoring-rounds/${roundId}/items/${zhangItem.id}/objections`).set(residentLi.headers).send({ text: '院子其实没有打扫' }).expect(201)).body;
    expect(objection).toMatchObject({ status: 'open', onBehalf: false });
    const onBehalf = (await t.http.post(`/v1/scoring-rounds/${roundId}/items/${wangPenalty.id}/objections`).set(va).send({ text: '不是他倒的', anonymous: true }).expect(201)).body;
    expect(onBehalf.onBehalf).toBe(true);

    // Too early, and with open objections.
    await t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(va).set('idempotency-key', randomUUID()).expect(409).expect((r) => expect(r.body.code).toBe('notice_period_open'));

    // Resolve: upheld with revised points (out of range first), and dismissed.
    await t.http.post(`/v1/objections/${objection.id}/resolve`).set(panel.members[0].headers).send({ outcome: 'upheld', revisedPoints: 11, note: '复核' }).expect(400);
    await t.http.post(`/v1/objections/${objection.id}/resolve`).set(panel.members[0].headers).send({ outcome: 'upheld', revisedPoints: 4 }).expect(400);
    const upheld = await t.http.post(`/v1/objections/${objection.id}/resolve`).set(panel.members[0].headers).send({ outcome: 'upheld', revisedPoints: 4, note: '复核后减为4分' }).expect(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', revisedPoints: 4, resolutionNote: '复核后减为4分' });
    await t.http.post(`/v1/objections/${objection.id}/resolve`).set(va).send({ outcome: 'dismissed', note: '再次' }).expect(409);

    // The notice shows objections and their resolution.
    const after = (await t.http.get(`/v1/public/villages/${village.id}/notices`).expect(200)).body.rounds.find((r: { id: string }) => r.id === roundId);
    const zhangAfter = after.items.find((i: { id: string }) => i.id === zhangItem.id);
    expect(zhangAfter).toMatchObject({ points: 4, decision: 'approved', reason: 'objection_upheld' });
    expect(zhangAfter.objections[0]).toMatchObject({ by: '村民', status: 'upheld', resolutionNote: '复核后减为4分', text: '院子其实没有打扫' });
    expect(after.items.find((i: { id: string }) => i.id === wangPenalty.id).objections[0]).toMatchObject({ by: '匿名', status: 'open' });

    // Notice over: objections can no longer be filed; the open one blocks posting.
    t.app.get(Clock).advance(3 * DAY + 60_000);
    const vaNow = (await login(t, villageAdmin.username, villageAdmin.password)).headers;
    const liNow = (await login(t, residentLi.username, residentLi.password)).headers;
    await t.http.post(`/v1/scoring-rounds/${roundId}/items/${zhangItem.id}/objections`).set(liNow).send({ text: '太晚了' }).expect(409).expect((r) => expect(r.body.code).toBe('invalid_state'));
    await t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(vaNow).set('idempotency-key', randomUUID()).expect(409).expect((r) => expect(r.body.code).toBe('objections_open'));
    await t.http.post(`/v1/objections/${onBehalf.id}/resolve`).set(vaNow).send({ outcome: 'dismissed', note: '有监控为证' }).expect(200);

    // Post: one transaction per approved item, kinds award and penalty; twice → the same result.
    const key = randomUUID();
    const posted = await t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(vaNow).set('idempotency-key', key).expect(200);
    expect(posted.body.round).toMatchObject({ status: 'posted' });
    expect(posted.body.postings).toHaveLength(4);
    expect(posted.body.postings.map((p: { kind: string }) => p.kind).sort()).toEqual(['award', 'award', 'award', 'penalty']);
    const replay = await t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(vaNow).set('idempotency-key', key).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(posted.body);
    const again = await t.http.post(`/v1/scoring-rounds/${roundId}/post`).set(vaNow).set('idempotency-key', randomUUID()).expect(200);
    expect(again.body.postings).toEqual(posted.body.postings);
    const txCount = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_type = 'score_item' AND reference_id = ANY($1::text[])`, [items.map((i: { id: string }) => i.id)]);
    expect(txCount[0].n).toBe(4);

    // Each item carries its transaction; balances and passbooks.
    const postedItems = (await t.http.get(`/v1/scoring-rounds/${roundId}/items?status=approved`).set(vaNow).expect(200)).body.items;
    expect(postedItems.every((i: { transactionId: string | null }) => typeof i.transactionId === 'string')).toBe(true);
    expect(await balanceOf(zhang, vaNow)).toBe(4 + 5);
    expect(await balanceOf(li, vaNow)).toBe(5);
    expect(await balanceOf(wang, vaNow)).toBe(-8); // penalty may take a balance below zero
    const passbook = await t.http.get(`/v1/accounts/${wang.accountId}/entries`).set(vaNow).expect(200);
    expect(passbook.body.items).toHaveLength(1);
    expect(passbook.body.items[0]).toMatchObject({ kind: 'penalty', amount: -8, balanceAfter: -8 });
    expect(passbook.body.items[0].memo).toContain('DE-01');

    // The posted round stays on the notice board; posted items never change (database trigger).
    const board = (await t.http.get(`/v1/public/villages/${village.id}/notices`).expect(200)).body.rounds.find((r: { id: string }) => r.id === roundId);
    expect(board.status).toBe('posted');
    await expect(t.dataSource.query(`UPDATE score_items SET final_points = 100 WHERE id = $1`, [zhangItem.id])).rejects.toThrow(/posted/);

    // Audit trail of every step.
    const actions: { action: string }[] = await t.dataSource.query(`SELECT action FROM audit_events WHERE village_id = $1`, [village.id]);
    const names = new Set(actions.map((a) => a.action));
    for (const a of ['rule.created', 'panel.created', 'scoring_round.created', 'score_item.created', 'score_item.bulk_created', 'score_rating.created', 'score_rating.replaced', 'scoring_round.published', 'objection.filed', 'objection.resolved', 'scoring_round.posted', 'ledger.transaction.award', 'ledger.transaction.penalty']) {
      expect([a, names.has(a)]).toEqual([a, true]);
    }

    const auditorNow = (await login(t, auditor.username, auditor.password)).headers;
    const verify = await t.http.get(`/v1/ledger/verify?villageId=${village.id}`).set(auditorNow).expect(200);
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
  });
});
