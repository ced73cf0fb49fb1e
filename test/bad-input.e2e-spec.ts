/**
 * Bad input that still got through (issue 16, item 12): a cursor that decodes but holds
 * values its list cannot use, an impossible board period, a NUL in a form-encoded login.
 * Every one is the caller's mistake: 400 `validation_failed`, never a 500.
 */
import { LedgerPort } from '../src/ledger/ledger.port';
import { Headers, givenAdmin } from './support/auth';
import { uniqueCode } from './support/factories';
import { MAX_IMPORT_LINES } from '../src/residents/residents-import.service';
import { loadContract } from './support/fuzz/contract';
import { FuzzVillage, givenFuzzVillage } from './support/fuzz/village';
import { TestApp, startTestApp } from './support/test-app';

const cursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Keys of the right shape (one or two strings) whose values no list can use, and some it can. */
const CRAFTED: unknown[][] = [
  ['not-a-uuid'],
  ['not-a-time', 'not-a-uuid'],
  ['2026-01-01T00:00:00Z', 'not-a-uuid'],
  ['not-a-time', '00000000-0000-0000-0000-000000000000'],
  ['99999999999999999999999'],
  ['-1'],
  ['1e400', '1e400'],
  ['a\u0000b'],
  ['a\u0000b', 'c\u0000d'],
  ['\uD800', '\uDFFF'],
  ['294277-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000'],
  [''],
  ['', ''],
  ['zzz'],
  ['zzz', 'zzz'],
];

describe('bad input answered 400, not 500', () => {
  let t: TestApp;
  let admin: Headers;
  let village: FuzzVillage;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    village = await givenFuzzVillage(t, { households: 2 });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every list route answers a crafted cursor with 200 or 400 validation_failed (was 500 on 11 routes)', async () => {
    const lists = loadContract().operations.filter((op) => op.method === 'get' && op.parameters.some((p) => p.name === 'cursor'));
    expect(lists.length).toBeGreaterThanOrEqual(19);
    const pathId: Record<string, string> = {
      '/v1/accounts/{id}/entries': village.households[0].accountId,
      '/v1/catalogue-items/{id}/stock-movements': village.pools.items[0],
      '/v1/households/{id}/statement': village.households[0].id,
      '/v1/scoring-rounds/{id}/items': village.pools.rounds[0],
      '/v1/villages/{id}/stars': village.villageId,
    };
    const failures: string[] = [];
    for (const op of lists) {
      const path = op.path.replace('{id}', () => pathId[op.path] ?? 'missing');
      const query: Record<string, string> = {};
      for (const p of op.parameters.filter((x) => x.in === 'query' && x.required)) query[p.name] = p.name === 'villageId' ? village.villageId : p.name === 'year' ? '2026' : 'x';
      for (const key of CRAFTED) {
        const res = await t.http.get(path).query({ ...query, cursor: cursor(key) }).set(admin);
        const ok = res.status === 200 || (res.status === 400 && res.body.code === 'validation_failed');
        if (!ok) failures.push(`${op.key} cursor=${JSON.stringify(key)} → ${res.status} ${res.body.code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers an impossible board period with 400 (0000 reached PostgreSQL as a date: 500)', async () => {
    for (const period of ['0000', '0000-01', '0000-Q1']) {
      const res = await t.http.get(`/v1/public/villages/${village.villageId}/boards`).query({ period });
      expect([period, res.status, res.body.code]).toEqual([period, 400, 'validation_failed']);
    }
    const leaderboard = await t.http.get(`/v1/villages/${village.villageId}/leaderboard`).query({ period: '0000' }).set(admin);
    expect([leaderboard.status, leaderboard.body.code]).toEqual([400, 'validation_failed']);
    for (const period of ['0001', '9999', '9999-12']) await t.http.get(`/v1/public/villages/${village.villageId}/boards`).query({ period }).expect(200);
  });

  it('answers a form-encoded login holding NUL with 415, before parsing (it reached PostgreSQL: 500)', async () => {
    // Login takes JSON only: a form body is refused by its media type and never parsed.
    for (const body of ['username=root%00&password=x', 'username=root&password=a%00b', 'username%00=root&password=x']) {
      const res = await t.http.post('/v1/auth/login').set('content-type', 'application/x-www-form-urlencoded').send(body);
      expect([body, res.status, res.body.code]).toEqual([body, 415, 'unsupported_media_type']);
    }
  });

  describe('control characters (ESC/POS drives the shop printer: ESC p opens the cash drawer, GS V cuts the paper)', () => {
    const DRAWER = '\u001bp\u0001\u0019\u00fa';
    const CUT = '\u001dVA\u0003';

    it('are refused (400, naming the field) in catalogue names, memos, reasons and round titles', async () => {
      const villageId = village.villageId;
      const idempotent = { 'idempotency-key': `k-${Date.now()}` };
      const system = await t.app.get(LedgerPort).systemAccountIds(t.dataSource.manager, villageId);
      const cases: [string, () => Promise<{ status: number; body: { code?: string; errors?: { field: string }[] } }>][] = [
        ['name', () => t.http.post('/v1/catalogue-items').set(admin).send({ villageId, sku: uniqueCode('S'), name: `大米${DRAWER}`, pointsPrice: 1 })],
        ['category', () => t.http.post('/v1/catalogue-items').set(admin).send({ villageId, sku: uniqueCode('S'), name: '大米', category: `粮油${CUT}`, pointsPrice: 1 })],
        ['description', () => t.http.post('/v1/catalogue-items').set(admin).send({ villageId, sku: uniqueCode('S'), name: '大米', description: `五公斤\n${CUT}`, pointsPrice: 1 })],
        ['name', () => t.http.patch(`/v1/catalogue-items/${village.pools.items[0]}`).set(admin).send({ name: `油${CUT}` })],
        ['donor', () => t.http.post(`/v1/catalogue-items/${village.pools.items[0]}/stock-movements`).set(admin).send({ quantity: 1, reason: 'donation', donor: `公司${DRAWER}` })],
        ['note', () => t.http.post(`/v1/catalogue-items/${village.pools.items[0]}/stock-movements`).set(admin).send({ quantity: -1, reason: 'adjustment', note: `盘点${CUT}` })],
        [
          'memo',
          () =>
            t.http.post('/v1/transactions').set(admin).set(idempotent).send({
              villageId,
              kind: 'adjustment',
              memo: `更正${DRAWER}`,
              entries: [
                { accountId: system.adjustments, amount: -5 },
                { accountId: village.households[0].accountId, amount: 5 },
              ],
            }),
        ],
        ['reason', () => t.http.post(`/v1/transactions/${village.pools.transactions[0]}/reverse`).set(admin).set(idempotent).send({ reason: `冲正${CUT}` })],
        ['reason', () => t.http.post(`/v1/redemptions/${village.pools.redemptions[0]}/cancel`).set(admin).set(idempotent).send({ reason: `退货${DRAWER}` })],
        ['title', () => t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: village.pools.panels[0], title: `评议${CUT}`, periodStart: '2026-11-01', periodEnd: '2026-11-30' })],
      ];
      for (const [field, send] of cases) {
        const res = await send();
        expect([field, res.status, res.body.code, (res.body.errors ?? []).map((e) => e.field)]).toEqual([field, 400, 'validation_failed', [field]]);
      }
      // Line breaks stay welcome where text runs over lines.
      await t.http.post('/v1/catalogue-items').set(admin).send({ villageId, sku: uniqueCode('S'), name: '大米', description: '东北大米\r\n五公斤\t真空', pointsPrice: 1 }).expect(201);
    });

    it('never reach a receipt, even from names stored before they were refused', async () => {
      await t.dataSource.query(`UPDATE catalogue_items SET name = $2 WHERE id = $1`, [village.pools.items[0], `大米${DRAWER}${CUT}`]);
      await t.dataSource.query(`UPDATE villages SET name = $2 WHERE id = $1`, [village.villageId, `模糊\u001b@测试村\u2028`]);
      const receipt = await t.http.get(`/v1/redemptions/${village.pools.redemptions[0]}/receipt`).set(village.callers.clerk.headers).expect(200);
      expect(receipt.text).toContain('大米');
      expect(receipt.text).toContain('模糊@测试村');
      expect(receipt.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    });
  });

  describe('CSV import limits', () => {
    const upload = (csv: string, partial = false) =>
      t.http.post('/v1/residents/import').query({ villageId: village.villageId, partial }).set(admin).set('content-type', 'text/csv').send(Buffer.from(csv));

    it('refuses a line of too many fields or too many characters with 400 naming its line, importing nothing', async () => {
      const manyFields = await upload(`户号,姓名\r\nL1,张三\r\n${'a,'.repeat(200)}a\r\n`, true);
      expect([manyFields.status, manyFields.body.code, manyFields.body.errors]).toEqual([400, 'validation_failed', [{ field: 'file', message: 'line 3: more than 100 fields' }]]);
      const longLine = await upload(`户号,姓名,住址\r\nL2,张三${`,"${'长'.repeat(4000)}\n${'长'.repeat(4000)}"`.repeat(9)}\r\n`, true);
      expect([longLine.status, longLine.body.code, longLine.body.errors]).toEqual([400, 'validation_failed', [{ field: 'file', message: 'line 2: a line is longer than 65536 characters' }]]);
      const created = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE village_id = $1 AND code IN ('L1', 'L2')`, [village.villageId]);
      expect(created[0].n).toBe(0);
    });

    it(`refuses more than ${MAX_IMPORT_LINES} lines with 413, importing nothing, and takes exactly that many`, async () => {
      // Lines without a name: each is a reported error, so the limit is reached without database work.
      const at = await upload(`户号,姓名\r\n${'LX,\r\n'.repeat(MAX_IMPORT_LINES)}`);
      expect([at.status, at.body.code, at.body.errorCount]).toEqual([400, 'validation_failed', MAX_IMPORT_LINES]);
      const past = await upload(`户号,姓名\r\nLY,李四\r\n${'LX,\r\n'.repeat(MAX_IMPORT_LINES)}`, true);
      expect([past.status, past.body.code]).toEqual([413, 'payload_too_large']);
      expect(past.body.detail).toMatch(/at most 100000 lines/);
      const created = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE village_id = $1 AND code = 'LY'`, [village.villageId]);
      expect(created[0].n).toBe(0);
    });
  });
});
