import * as iconv from 'iconv-lite';
import { ListResidentsQueryDto } from '../src/residents/dto/resident.dto';
import { checkDigit } from '../src/residents/id-number';
import { ResidentsService } from '../src/residents/residents.service';
import { Headers, asRole } from './support/auth';
import { VillageFixture, givenVillage, uniqueCode } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

let serial = 100;
/** A fresh valid ID number (distinct sequence numbers per call). */
const newId = (birth = '19900307') => {
  const seq = String(serial++ % 1000).padStart(3, '0');
  const region = ['330106', '110101', '440305', '510104'][Math.floor(serial / 1000) % 4];
  const first17 = `${region}${birth}${seq}`;
  return `${first17}${checkDigit(first17)}`;
};

describe('residents', () => {
  let t: TestApp;
  let village: VillageFixture;
  let admin: Headers;
  let clerk: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    village = await givenVillage(t);
    [admin, clerk] = await Promise.all([asRole(t, 'village_admin', village.id), asRole(t, 'clerk', village.id)]);
  });
  afterAll(() => t.close());

  const givenHousehold = async (v = village, headers = admin, body: object = {}) =>
    (await t.http.post('/v1/households').set(headers).send({ villageId: v.id, code: uniqueCode('H'), ...body }).expect(201)).body as { id: string; code: string; accountId: string };
  const create = (body: object, headers = admin) => t.http.post('/v1/residents').set(headers).send({ villageId: village.id, ...body });
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

  describe('personal data rules', () => {
    let household: { id: string };
    beforeAll(async () => {
      household = await givenHousehold();
    });

    it('accepts a good ID number, derives birth date and gender, trims the name', async () => {
      const id = newId('19491231');
      const res = await create({ householdId: household.id, name: ' 张三丰 ', idNumber: id.toLowerCase() }).expect(201);
      expect(res.body).toMatchObject({ name: '张三丰', idNumber: id, birthDate: '1949-12-31', status: 'active', isHead: false });
    });

    it('refuses a bad check character, the 15-digit legacy form and impossible dates (400 on idNumber)', async () => {
      const good = newId();
      const badCheck = `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`;
      const first17 = '33010619900230123';
      for (const [idNumber, message] of [
        [badCheck, /check character/],
        ['330106900307123', /15-digit legacy/],
        [`${first17}${checkDigit(first17)}`, /impossible birth date/],
        ['33010619900307', /18 characters/],
      ] as const) {
        const res = await create({ householdId: household.id, name: '李四', idNumber });
        expect([res.status, res.body.code, fieldsOf(res)]).toEqual([400, 'validation_failed', ['idNumber']]);
        expect(res.body.errors[0].message).toMatch(message);
      }
    });

    it('refuses a birth date that disagrees with the ID number', async () => {
      const res = await create({ householdId: household.id, name: '李四', idNumber: newId('19900307'), birthDate: '1990-03-08' });
      expect([res.status, fieldsOf(res)]).toEqual([400, ['birthDate']]);
      expect(res.body.errors[0].message).toMatch(/does not agree/);
      await create({ householdId: household.id, name: '李四', idNumber: newId('19900307'), birthDate: '1990-03-07' }).expect(201);
    });

    it('accepts mainland mobiles and refuses other phone formats', async () => {
      const ok = await create({ householdId: household.id, name: '王五', phone: '+86 158-1234-5678' }).expect(201);
      expect(ok.body.phone).toBe('15812345678');
      for (const phone of ['12812345678', '1581234567', '010-12345678', '158123456789']) {
        const res = await create({ householdId: household.id, name: '王五', phone });
        expect([phone, res.status, fieldsOf(res)]).toEqual([phone, 400, ['phone']]);
      }
    });

    it('refuses names that are empty, too long or hold control characters', async () => {
      for (const name of ['  ', '张'.repeat(51), '张\u0007三']) {
        const res = await create({ householdId: household.id, name });
        expect([res.status, fieldsOf(res)]).toEqual([400, ['name']]);
      }
    });

    it('keeps one ID number to one resident of a village (409 within it), and lets another village register it too', async () => {
      const id = newId();
      await create({ householdId: household.id, name: '赵六', idNumber: id }).expect(201);
      const dup = await create({ householdId: (await givenHousehold()).id, name: '赵六', idNumber: id });
      expect([dup.status, dup.body.code, fieldsOf(dup)]).toEqual([409, 'conflict', ['idNumber']]);
      const other = await givenVillage(t);
      const otherAdmin = await asRole(t, 'village_admin', other.id);
      const otherHousehold = await givenHousehold(other, otherAdmin);
      await t.http.post('/v1/residents').set(otherAdmin).send({ villageId: other.id, householdId: otherHousehold.id, name: '赵六', idNumber: id }).expect(201);
    });

    it('allows at most one head per household (409), also through PATCH', async () => {
      const h = await givenHousehold();
      await create({ householdId: h.id, name: '户主甲', isHead: true }).expect(201);
      const second = await create({ householdId: h.id, name: '户主乙', isHead: true });
      expect([second.status, second.body.code]).toEqual([409, 'conflict']);
      const member = await create({ householdId: h.id, name: '成员丙' }).expect(201);
      const patched = await t.http.patch(`/v1/residents/${member.body.id}`).set(admin).send({ isHead: true });
      expect([patched.status, patched.body.code]).toEqual([409, 'conflict']);
    });

    it('frees the head slot when the head moves out or dies, and checks a changed ID number', async () => {
      const h = await givenHousehold();
      const head = await create({ householdId: h.id, name: '老户主', isHead: true, idNumber: newId('19400101') }).expect(201);
      const heir = await create({ householdId: h.id, name: '新户主' }).expect(201);
      await t.http.patch(`/v1/residents/${head.body.id}`).set(admin).send({ status: 'deceased' }).expect(200);
      await t.http.patch(`/v1/residents/${heir.body.id}`).set(admin).send({ isHead: true, relation: '户主' }).expect(200);
      const wrongBirth = await t.http.patch(`/v1/residents/${heir.body.id}`).set(admin).send({ birthDate: '1970-01-01', idNumber: newId('19710101') });
      expect([wrongBirth.status, fieldsOf(wrongBirth)]).toEqual([400, ['birthDate']]);
      const fixed = await t.http.patch(`/v1/residents/${heir.body.id}`).set(admin).send({ idNumber: newId('19710101') }).expect(200);
      expect(fixed.body).toMatchObject({ isHead: true, birthDate: '1971-01-01', status: 'active' });
    });

    it('only village_admin writes the roster', async () => {
      const res = await create({ householdId: household.id, name: '钱七' }, clerk);
      expect(res.status).toBe(403);
    });
  });

  it('moves a resident to another household of the village, keeping history, audited', async () => {
    const from = await givenHousehold();
    const to = await givenHousehold();
    const r = await create({ householdId: from.id, name: '孙八', isHead: true, idNumber: newId() }).expect(201);
    const moved = await t.http.patch(`/v1/residents/${r.body.id}`).set(admin).send({ householdId: to.id }).expect(200);
    expect(moved.body).toMatchObject({ householdId: to.id, isHead: false });
    const history = await t.app.get(ResidentsService).moves(t.dataSource.manager, r.body.id);
    expect(history.map((m) => [m.fromHouseholdId, m.toHouseholdId])).toEqual([[from.id, to.id]]);
    const [event] = await t.dataSource.query(`SELECT action, before, after FROM audit_events WHERE entity_id = $1 AND action = 'resident.moved'`, [r.body.id]);
    expect(event).toMatchObject({ before: { householdId: from.id, isHead: true }, after: { householdId: to.id, isHead: false } });

    const other = await givenVillage(t);
    const otherAdmin = await asRole(t, 'village_admin', other.id);
    const foreign = await givenHousehold(other, otherAdmin);
    const refused = await t.http.patch(`/v1/residents/${r.body.id}`).set(admin).send({ householdId: foreign.id });
    expect([refused.status, fieldsOf(refused)]).toEqual([400, ['householdId']]);
  });

  describe('search', () => {
    let searchVillage: VillageFixture;
    let sAdmin: Headers;
    const id = newId('19800101');
    beforeAll(async () => {
      searchVillage = await givenVillage(t);
      sAdmin = await asRole(t, 'village_admin', searchVillage.id);
      const h1 = await givenHousehold(searchVillage, sAdmin, { code: 'A-001' });
      const h2 = await givenHousehold(searchVillage, sAdmin, { code: 'B-002' });
      for (const [household, name, extra] of [
        [h1, '张小明', { idNumber: id }],
        [h1, '张大山', { phone: '13912340000' }],
        [h2, '李小明', {}],
        [h2, '欧阳明远', {}],
        [h2, '王芳', {}],
      ] as const) {
        await t.http.post('/v1/residents').set(sAdmin).send({ villageId: searchVillage.id, householdId: household.id, name, ...extra }).expect(201);
      }
    });
    const names = async (q: string, extra: object = {}) =>
      (await t.http.get('/v1/residents').query({ villageId: searchVillage.id, q, ...extra }).set(sAdmin).expect(200)).body.items.map((r: { name: string }) => r.name);

    it('finds by name fragment: 3+ characters anywhere, 2 characters as prefix or suffix, 1 character as the surname', async () => {
      expect(await names('阳明远')).toEqual(['欧阳明远']);
      expect(await names('小明')).toEqual(['張小明'.replace('張', '张'), '李小明'].sort());
      expect(await names('张')).toEqual(['张大山', '张小明'].sort());
      expect(await names('张小')).toEqual(['张小明']);
    });

    it('finds by household code, full ID number and phone', async () => {
      expect(await names('A-001')).toEqual(['张大山', '张小明'].sort());
      expect(await names(id)).toEqual(['张小明']);
      expect(await names(id.slice(0, 10))).toEqual([]);
      expect(await names('13912340000')).toEqual(['张大山']);
    });

    it('pages with a keyset cursor', async () => {
      const first = await t.http.get('/v1/residents').query({ villageId: searchVillage.id, limit: 3 }).set(sAdmin).expect(200);
      const second = await t.http.get('/v1/residents').query({ villageId: searchVillage.id, limit: 3, cursor: first.body.nextCursor }).set(sAdmin).expect(200);
      expect(second.body.nextCursor).toBeNull();
      expect([...first.body.items, ...second.body.items].map((r: { name: string }) => r.name)).toEqual(['张大山', '张小明', '李小明', '欧阳明远', '王芳'].sort());
    });

    it('every q= branch has an index path (no sequential scan on residents or households)', async () => {
      const service = t.app.get(ResidentsService);
      for (const q of ['阳明远', '小明', '张', id, '13912340000', 'A-001']) {
        const query = Object.assign(new ListResidentsQueryDto(), { villageId: searchVillage.id, q });
        const [sql, params] = service.listQuery(query, 'all').getQueryAndParameters();
        const plan = await t.dataSource.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return (await tx.query(`EXPLAIN ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
        });
        expect([q, plan]).not.toEqual([q, expect.stringMatching(/Seq Scan/)]);
      }
    });
  });

  describe('CSV import and export', () => {
    let iv: VillageFixture;
    let iAdmin: Headers;
    beforeEach(async () => {
      iv = await givenVillage(t);
      iAdmin = await asRole(t, 'village_admin', iv.id);
    });
    const upload = (body: Buffer | string, query: object = {}, headers?: Headers) =>
      t.http
        .post('/v1/residents/import')
        .query({ villageId: iv.id, ...query })
        .set(headers ?? iAdmin)
        .set('Content-Type', 'text/csv')
        .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
    const roster = async () =>
      (await t.dataSource.query(`SELECT h.code, r.name, r.is_head, r.birth_date::text AS birth_date FROM residents r JOIN households h ON h.id = r.household_id WHERE r.village_id = $1 ORDER BY h.code, r.name`, [iv.id])) as {
        code: string;
        name: string;
      }[];

    let ids: string[] = [];
    beforeEach(() => {
      ids = [newId('19600101'), newId('19650505'), newId('19881111'), newId('19920202')];
    });
    const chineseCsv = () => [
      '户号,姓名,身份证号,手机,性别,出生日期,户主,村民小组,住址,卡号',
      `一组-001,张建国,${ids[0]},13800000001,男,1960/1/1,是,第一组,一组1号,C001`,
      `一组-001,李秀英,${ids[1]},,女,,否,第一组,一组1号,C001`,
      `一组-002,王强,${ids[2]},13800000003,男,1988-11-11,是,第一组,"一组2号,东侧",C002`,
      `二组-001,赵敏,${ids[3]},,女,19920202,是,第二组,,`,
    ].join('\r\n');

    it('imports a GBK file with Chinese headers, creating households with accounts', async () => {
      const res = await upload(iconv.encode(chineseCsv(), 'gbk')).expect(200);
      expect(res.body).toEqual({ created: 4, updated: 0, unchanged: 0, householdsCreated: 3, errors: [], errorCount: 0, encoding: 'gbk' });
      expect(await roster()).toEqual([
        { code: '一组-001', name: '张建国', is_head: true, birth_date: '1960-01-01' },
        { code: '一组-001', name: '李秀英', is_head: false, birth_date: '1965-05-05' },
        { code: '一组-002', name: '王强', is_head: true, birth_date: '1988-11-11' },
        { code: '二组-001', name: '赵敏', is_head: true, birth_date: '1992-02-02' },
      ]);
      const households = await t.dataSource.query(`SELECT h.code, h.card_no, h.address, a.kind FROM households h JOIN ledger_accounts a ON a.id = h.account_id WHERE h.village_id = $1 ORDER BY h.code`, [iv.id]);
      expect(households).toEqual([
        { code: '一组-001', card_no: 'C001', address: '一组1号', kind: 'household' },
        { code: '一组-002', card_no: 'C002', address: '一组2号,东侧', kind: 'household' },
        { code: '二组-001', card_no: null, address: null, kind: 'household' },
      ]);
      const events = await t.dataSource.query(`SELECT action, after::text AS after FROM audit_events WHERE village_id = $1 AND action = 'residents.imported'`, [iv.id]);
      expect(events).toHaveLength(1);
      for (const id of ids) expect(events[0].after).not.toContain(id);
      expect(events[0].after).toContain('138****0001');
    });

    it('imports UTF-8 with a BOM and English headers; re-importing the same file changes nothing', async () => {
      const english = `\uFEFFhousehold_code,name,id_number,phone,gender,birth_date,is_head\n01,张三,${ids[0]},13800000001,male,,yes\n01,李四,,,female,1970-01-02,no\n`;
      const first = await upload(english).expect(200);
      expect(first.body).toMatchObject({ created: 2, householdsCreated: 1, errorCount: 0, encoding: 'utf-8' });
      const eventsBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE village_id = $1`, [iv.id]);
      const again = await upload(english).expect(200);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, householdsCreated: 0, errorCount: 0 });
      const eventsAfter = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE village_id = $1`, [iv.id]);
      expect(eventsAfter[0].n).toBe(eventsBefore[0].n);
      expect(await roster()).toHaveLength(2);
      const changed = await upload(english.replace('13800000001', '13800000009')).expect(200);
      expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    });

    const badCsv = () => [
      '户号,姓名,身份证号,手机,户主',
      `A1,张一,${ids[0]},13800000001,是`,
      `A1,张二,${ids[0].slice(0, 17)}${ids[0][17] === '1' ? '2' : '1'},,否`,
      `A2,,${ids[1]},,否`,
      `A2,张四,330106900307123,12345,否`,
      `A3,张五,${ids[2]},,是`,
      `A3,张六,,,是`,
    ].join('\n');

    it('is all or nothing by default, reporting every bad line with its field', async () => {
      const res = await upload(badCsv());
      expect([res.status, res.body.code, res.body.created]).toEqual([400, 'validation_failed', 0]);
      expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
        [3, '身份证号'],
        [4, '姓名'],
        [5, '身份证号'],
        [5, '手机'],
        [7, '户主'],
      ]);
      expect(res.body.errors.find((e: { line: number; field: string }) => e.line === 5 && e.field === '身份证号').message).toMatch(/15-digit legacy/);
      expect(await roster()).toEqual([]);
      const households = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE village_id = $1`, [iv.id]);
      expect(households[0].n).toBe(0);
    });

    it('with ?partial=true imports the good lines and reports the bad ones', async () => {
      const res = await upload(badCsv(), { partial: true }).expect(200);
      expect(res.body).toMatchObject({ created: 2, errorCount: 5 });
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 5, 7]);
      expect((await roster()).map((r) => r.name)).toEqual(['张一', '张五']);
    });

    it('imports ID numbers registered in another village like any others (nothing tells the importer), and refuses a file without the required columns', async () => {
      await upload(chineseCsv()).expect(200);
      const other = await givenVillage(t);
      const otherAdmin = await asRole(t, 'village_admin', other.id);
      const res = await t.http.post('/v1/residents/import').query({ villageId: other.id }).set(otherAdmin).set('Content-Type', 'text/csv').send(Buffer.from(chineseCsv())).expect(200);
      expect(res.body).toEqual({ created: 4, updated: 0, unchanged: 0, householdsCreated: 3, errors: [], errorCount: 0, encoding: 'utf-8' });
      const noName = await upload('户号,手机\nA1,13800000001\n');
      expect([noName.status, noName.body.errors[0]]).toEqual([400, expect.objectContaining({ line: 1, message: expect.stringMatching(/姓名/) })]);
    });

    it('past several batches and thousands of households, still names the line a repeated ID number repeats and sees a head set batches before', async () => {
      // 6,001 households, one head each: the import drops households it has cached once it
      // holds 5,000, so the last lines find theirs (and its head) again in the database.
      const idOf = (i: number) => {
        const first17 = `330106${new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')}123`;
        return `${first17}${checkDigit(first17)}`;
      };
      const lines = ['户号,姓名,身份证号,户主'];
      for (let i = 0; i <= 6000; i++) lines.push(`H${String(i).padStart(5, '0')},张${i},${idOf(i)},是`);
      lines.push(`H00000,李新,${idOf(7000)},是`, `H00005,王重,${idOf(0)},否`);
      const res = await upload(lines.join('\n'), { partial: true }).expect(200);
      expect(res.body).toMatchObject({ created: 6001, householdsCreated: 6001, errorCount: 2 });
      expect(res.body.errors).toEqual([
        { line: 6003, field: '户主', message: 'household H00000 already has a head' },
        { line: 6004, field: '身份证号', message: 'repeats the ID number of line 2' },
      ]);
      // Re-importing the created lines is no repeat: they are on file, unchanged.
      const again = await upload(lines.slice(0, 6002).join('\n')).expect(200);
      expect(again.body).toMatchObject({ created: 0, unchanged: 6001, errorCount: 0 });
    });

    it('takes a CSV body on the import route only (415 elsewhere, the process stays up)', async () => {
      for (const path of ['/v1/households', '/v1/residents', '/v1/auth/login']) {
        const res = await t.http.post(path).set(iAdmin).set('Content-Type', 'text/csv').send(Buffer.from('户号,姓名\nA1,张三\n'));
        expect([path, res.status, res.body.code]).toEqual([path, 415, 'unsupported_media_type']);
      }
      await t.http.get('/health/live').expect(200);
    });

    it('exports the roster as UTF-8 CSV with a BOM that imports back unchanged', async () => {
      await upload(chineseCsv()).expect(200);
      const res = await t.http
        .get('/v1/residents/export')
        .query({ villageId: iv.id })
        .set(iAdmin)
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain(`一组-002,王强,${ids[2]}\t,13800000003,男,1988-11-11,是,,第一组,"一组2号,东侧",C002,在册`);
      const again = await upload(bytes).expect(200);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 4, householdsCreated: 0, errorCount: 0 });
      expect((await t.http.get('/v1/residents/export').query({ villageId: iv.id }).set(clerk)).status).toBe(403);
      expect((await t.http.get('/v1/residents/export').query({ villageId: iv.id }).set(admin)).status).toBe(404);
    });
  });
});
