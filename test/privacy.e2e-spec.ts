/**
 * Privacy at the edges (issue 16, items 5b, 6 and 7): what a resident, a masked-view role
 * and a village admin can learn about people they should not.
 */
import { Clock } from '../src/core/time/clock';
import { checkDigit } from '../src/residents/id-number';
import { PERSONAL_SEARCHES_PER_HOUR } from '../src/residents/personal-search.limiter';
import { Headers, asRole, givenAdmin, givenUser, login } from './support/auth';
import { VillageFixture, givenHousehold, givenPanel, givenRule, givenVillage, uniqueCode } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

let serial = 0;
/** A valid ID number of a man born on `birth` (YYYYMMDD); the sequence is fresh per call. */
const idNumber = (birth: string): string => {
  const first17 = `110105${birth}${String(101 + 2 * (serial++ % 400)).padStart(3, '0')}`;
  return `${first17}${checkDigit(first17)}`;
};
let phoneSerial = 0;
const phoneNumber = (): string => `1390000${String(1000 + phoneSerial++).padStart(4, '0')}`;
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('privacy', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  describe('a resident asking about another household (item 5b)', () => {
    it('gets the 404 a missing household gets, on the household, its balance, its passbook and its members', async () => {
      const village = await givenVillage(t);
      const mine = await givenHousehold(t, village.id);
      const theirs = await givenHousehold(t, village.id);
      const theirMember = await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: theirs.id, name: '王五' }).expect(201);
      const resident = await asRole(t, 'resident', village.id, { householdId: mine.id });
      const missing = '0f8fad5b-d9cb-469f-a165-70867728950e';

      await t.http.get(`/v1/households/${mine.id}`).set(resident).expect(200);
      for (const path of ['', '/balance', '/statement']) {
        const other = await t.http.get(`/v1/households/${theirs.id}${path}`).set(resident);
        const none = await t.http.get(`/v1/households/${missing}${path}`).set(resident);
        expect([path, other.status, other.body.code]).toEqual([path, 404, 'not_found']);
        expect(withoutRequestId(other.body)).toEqual(withoutRequestId(none.body));
      }
      const member = await t.http.get(`/v1/residents/${theirMember.body.id}`).set(resident);
      const nobody = await t.http.get(`/v1/residents/${missing}`).set(resident);
      expect([member.status, member.body.code]).toEqual([404, 'not_found']);
      expect(withoutRequestId(member.body)).toEqual(withoutRequestId(nobody.body));
    });
  });

  describe('masked ID numbers (item 6)', () => {
    let village: VillageFixture;
    let household: { id: string; cardNo: string | null };
    let id: string;
    let phone: string;
    let residentId: string;

    beforeAll(async () => {
      village = await givenVillage(t);
      household = await givenHousehold(t, village.id);
      id = idNumber('19850612');
      phone = phoneNumber();
      const created = await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: household.id, name: '李四', idNumber: id, phone }).expect(201);
      residentId = created.body.id;
      expect(created.body).toMatchObject({ birthDate: '1985-06-12', gender: 'male', birthYear: 1985 });
    });

    it('shows clerks, auditors, panel members and residents the birth year only: no birth date, no gender', async () => {
      const masked: Record<string, Headers> = {
        clerk: await asRole(t, 'clerk', village.id),
        auditor: await asRole(t, 'auditor', village.id),
        panel_member: await asRole(t, 'panel_member', village.id),
        resident: await asRole(t, 'resident', village.id, { householdId: household.id }),
      };
      for (const [role, headers] of Object.entries(masked)) {
        const one = await t.http.get(`/v1/residents/${residentId}`).set(headers).expect(200);
        expect([role, one.body.idNumber, one.body.birthDate, one.body.gender, one.body.birthYear]).toEqual([role, `110105**********${id.slice(-2)}`, null, null, 1985]);
        const list = await t.http.get('/v1/residents').query({ villageId: village.id, householdId: household.id }).set(headers).expect(200);
        expect([role, JSON.stringify(list.body)]).toEqual([role, expect.not.stringMatching(/1985-06-12|"male"/)]);
      }
      const lookup = await t.http.get('/v1/households/lookup').query({ villageId: village.id, cardNo: household.cardNo }).set(masked.clerk).expect(200);
      expect(lookup.body.members).toEqual([expect.objectContaining({ birthDate: null, gender: null, birthYear: 1985 })]);
      // The auditor reads the audit log: the resident's events hold no birth date or gender either.
      const events = await t.http.get('/v1/audit-events').query({ villageId: village.id, entityId: residentId }).set(masked.auditor).expect(200);
      expect(events.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(events.body)).not.toMatch(/06-12|gender/);
      // The village admin and the admin still see everything.
      for (const headers of [admin, await asRole(t, 'village_admin', village.id)]) {
        const full = await t.http.get(`/v1/residents/${residentId}`).set(headers).expect(200);
        expect(full.body).toMatchObject({ idNumber: id, phone, birthDate: '1985-06-12', gender: 'male', birthYear: 1985 });
      }
    });

    it(`allows a masked-view user ${PERSONAL_SEARCHES_PER_HOUR} exact ID-number or phone searches an hour across API processes, audits each, then 429 with Retry-After`, async () => {
      const clerk = await givenUser(t, [{ role: 'clerk', villageId: village.id }]);
      // A second API process on the same database: the budget is counted in PostgreSQL, not in memory.
      const second = await startTestApp({ databaseUrl: t.databaseUrl });
      try {
        const searches = [
          (app: TestApp) => app.http.get('/v1/residents').query({ villageId: village.id, q: id }),
          (app: TestApp) => app.http.get('/v1/residents').query({ villageId: village.id, q: phone }),
          (app: TestApp) => app.http.get('/v1/households').query({ villageId: village.id, q: id }),
        ];
        for (let n = 0; n < PERSONAL_SEARCHES_PER_HOUR; n++) {
          const res = await searches[n % 3](n % 2 ? second : t).set(clerk.headers);
          expect([n, res.status, res.body.items.length]).toEqual([n, 200, 1]);
        }
        for (const app of [t, second]) {
          for (const search of searches) {
            const refused = await search(app).set(clerk.headers);
            expect([refused.status, refused.body.code]).toEqual([429, 'rate_limited']);
            expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
            expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
          }
        }
        // Other searches are not limited; another clerk and the village admin have their own budget or none.
        await t.http.get('/v1/residents').query({ villageId: village.id, q: '李' }).set(clerk.headers).expect(200);
        await t.http.get('/v1/residents').query({ villageId: village.id, q: id }).set(await asRole(t, 'clerk', village.id)).expect(200);
        const villageAdmin = await asRole(t, 'village_admin', village.id);
        for (let n = 0; n <= PERSONAL_SEARCHES_PER_HOUR; n++) await t.http.get('/v1/residents').query({ villageId: village.id, q: id }).set(villageAdmin).expect(200);

        const events: { actor_id: string; after: Record<string, unknown> }[] = await t.dataSource.query(
          `SELECT actor_id, after FROM audit_events WHERE action = 'resident.searched' AND actor_id = $1 ORDER BY id`,
          [clerk.id],
        );
        expect(events).toHaveLength(PERSONAL_SEARCHES_PER_HOUR);
        expect(events[0].after).toEqual({ list: 'residents', by: 'id_number', q: `110105**********${id.slice(-2)}`, found: 1 });
        expect(events[1].after).toEqual({ list: 'residents', by: 'phone', q: `139****${phone.slice(-4)}`, found: 1 });
        expect(events[2].after).toMatchObject({ list: 'households', by: 'id_number' });
        expect(JSON.stringify(events)).not.toContain(id);
        expect(JSON.stringify(events)).not.toContain(phone);

        // An hour later the budget is back (a new login: the old access token has expired).
        t.app.get(Clock).advance(3600_000 + 1000);
        await searches[0](t).set((await login(t, clerk.username, clerk.password)).headers).expect(200);
      } finally {
        t.app.get(Clock).advance(-(3600_000 + 1000));
        await second.close();
      }
    });
  });

  describe('ID numbers across villages (item 7)', () => {
    it('are unique per village: another village registers, edits, imports and searches them as if they were new', async () => {
      const a = await givenVillage(t);
      const b = await givenVillage(t);
      const [adminA, adminB] = [await asRole(t, 'village_admin', a.id), await asRole(t, 'village_admin', b.id)];
      const inA = idNumber('19700101');
      const fresh = idNumber('19700102');
      await t.http.post('/v1/residents').set(adminA).send({ villageId: a.id, householdId: (await givenHousehold(t, a.id)).id, name: '张三', idNumber: inA }).expect(201);

      // B finds nothing by A's number, and registering it answers exactly as for a fresh one.
      const search = await t.http.get('/v1/residents').query({ villageId: b.id, q: inA }).set(adminB).expect(200);
      expect(search.body.items).toEqual([]);
      const householdB = await givenHousehold(t, b.id);
      const created = await t.http.post('/v1/residents').set(adminB).send({ villageId: b.id, householdId: householdB.id, name: '张三', idNumber: inA });
      expect([created.status, created.body.idNumber]).toEqual([201, inA]);
      const other = await t.http.post('/v1/residents').set(adminB).send({ villageId: b.id, householdId: householdB.id, name: '李四' }).expect(201);
      const patched = await t.http.patch(`/v1/residents/${other.body.id}`).set(adminB).send({ idNumber: fresh });
      expect(patched.status).toBe(200);
      // Within the village the number is still unique.
      const twice = await t.http.post('/v1/residents').set(adminB).send({ villageId: b.id, householdId: householdB.id, name: '张三', idNumber: inA });
      expect([twice.status, twice.body.code]).toEqual([409, 'conflict']);

      // The CSV import: a number A holds is imported like one nobody holds.
      const shared = idNumber('19800101');
      await t.http.post('/v1/residents').set(adminA).send({ villageId: a.id, householdId: (await givenHousehold(t, a.id)).id, name: '赵六', idNumber: shared }).expect(201);
      const csv = `户号,姓名,身份证号\n${uniqueCode('H')},赵六,${shared}\n${uniqueCode('H')},钱七,${idNumber('19800102')}\n`;
      const imported = await t.http.post('/v1/residents/import').query({ villageId: b.id }).set(adminB).set('content-type', 'text/csv').send(Buffer.from(csv));
      expect([imported.status, imported.body.created, imported.body.errors]).toEqual([200, 2, []]);

      // Squatting does not work: B registering a number first does not stop A.
      const squatted = idNumber('19900101');
      await t.http.post('/v1/residents').set(adminB).send({ villageId: b.id, householdId: householdB.id, name: '孙八', idNumber: squatted }).expect(201);
      await t.http.post('/v1/residents').set(adminA).send({ villageId: a.id, householdId: (await givenHousehold(t, a.id)).id, name: '孙八', idNumber: squatted }).expect(201);
    });

    it('are listed to the admin alone when registered in several villages, page by page, each reading audited', async () => {
      const [a, b, c] = [await givenVillage(t), await givenVillage(t), await givenVillage(t)];
      const first = idNumber('19600101');
      const second = idNumber('19600102');
      const residents: Record<string, string[]> = { [first]: [], [second]: [] };
      for (const [village, number] of [[a, first], [b, first], [c, first], [a, second], [c, second]] as const) {
        const household = await givenHousehold(t, village.id);
        const res = await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: household.id, name: '周九', idNumber: number }).expect(201);
        residents[number].push(res.body.id);
      }
      await t.http.post('/v1/residents').set(admin).send({ villageId: a.id, householdId: (await givenHousehold(t, a.id)).id, name: '吴十', idNumber: idNumber('19600103') }).expect(201);

      const seen: { idNumber: string; villages: number; residents: { id: string; villageId: string; name: string }[] }[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http.get('/v1/residents/duplicates').query({ limit: 1, ...(cursor ? { cursor } : {}) }).set(admin).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      const ours = seen.filter((d) => d.idNumber === first || d.idNumber === second);
      expect(ours.map((d) => [d.idNumber, d.villages, d.residents.map((r) => r.id).sort()]).sort()).toEqual(
        [
          [first, 3, [...residents[first]].sort()],
          [second, 2, [...residents[second]].sort()],
        ].sort(),
      );
      expect(seen.map((d) => d.villages).every((n) => n >= 2)).toBe(true);

      for (const role of ['village_admin', 'clerk', 'auditor'] as const) {
        const refused = await t.http.get('/v1/residents/duplicates').set(await asRole(t, role, a.id));
        expect([role, refused.status]).toEqual([role, 403]);
      }
      const bad = await t.http.get('/v1/residents/duplicates').query({ cursor: Buffer.from('["zz"]').toString('base64url') }).set(admin);
      expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
      const events: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'residents.duplicates_listed' AND village_id IS NULL`);
      expect(events[0].n).toBeGreaterThanOrEqual(seen.length);
    });
  });

  describe('the public notice with deduction names withheld (item 9)', () => {
    it('shows neither the household code nor any name of a deduction, in JSON and HTML, nor where it would sit by code', async () => {
      const village = await givenVillage(t, { settings: { noticePeriodDays: 2, quorum: 1 } });
      const households: { id: string; code: string; head: string }[] = [];
      for (const [code, head] of [['N-1', '赵大明'], ['N-2', '王小二'], ['N-3', '孙三丰']]) {
        const h = await t.http.post('/v1/households').set(admin).send({ villageId: village.id, code }).expect(201);
        const r = await t.http.post('/v1/residents').set(admin).send({ villageId: village.id, householdId: h.body.id, name: head, isHead: true }).expect(201);
        households.push({ id: h.body.id, code, head: r.body.id });
      }
      const panel = await givenPanel(t, village.id, { size: 1, quorum: 1 });
      const reward = await givenRule(t, village.id, { points: 5 });
      const fine = await givenRule(t, village.id, { points: -5 });
      const round = await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '十一月评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201);
      const items: string[] = [];
      for (const [h, rule] of [[households[0], reward], [households[1], fine], [households[2], reward]] as const) {
        const item = await t.http.post(`/v1/scoring-rounds/${round.body.id}/items`).set(admin).send({ householdId: h.id, ruleId: rule.id, proposedPoints: rule === fine ? -5 : 5 }).expect(201);
        await t.http.post(`/v1/scoring-rounds/${round.body.id}/items/${item.body.id}/ratings`).set(panel.members[0].headers).send({ approve: true }).expect(201);
        items.push(item.body.id);
      }
      await t.http.post(`/v1/scoring-rounds/${round.body.id}/publish`).set(admin).expect(200);
      // The fined household objects, in its head's name.
      await t.http.post(`/v1/scoring-rounds/${round.body.id}/items/${items[1]}/objections`).set(admin).send({ text: '扣分有误', residentId: households[1].head }).expect(201);
      await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ settings: { showDeductionNames: false } }).expect(200);

      const json = await t.http.get(`/v1/public/villages/${village.id}/notices`).expect(200);
      const lines = json.body.rounds[0].items as { id: string; householdCode: string | null; headName: string | null; objections: { by: string }[] }[];
      expect(lines.map((i) => [i.id, i.householdCode, i.headName])).toEqual([
        [items[0], 'N-1', '赵*明'],
        [items[2], 'N-3', '孙*丰'],
        [items[1], null, null],
      ]);
      expect(lines[2].objections.map((o) => o.by)).toEqual(['村民']);
      const html = await t.http.get(`/v1/public/villages/${village.id}/notices`).set('accept', 'text/html').expect(200);
      for (const text of [JSON.stringify(json.body), html.text]) {
        expect(text).not.toContain('N-2');
        expect(text).not.toContain('王*二');
      }
      expect(html.text.indexOf('N-3')).toBeLessThan(html.text.indexOf('扣分有误'));
    });
  });
});
