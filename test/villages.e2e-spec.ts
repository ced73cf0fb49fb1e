import { givenVillage, uniqueCode } from './support/factories';
import { Headers, givenAdmin } from './support/auth';
import { TestApp, startTestApp } from './support/test-app';

describe('villages', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  it('creates a village with default settings and reads it back', async () => {
    const code = uniqueCode('NLQ');
    const res = await t.http.post('/v1/villages').set(admin).send({ code, name: ' 南林桥村 ', township: '南林桥镇' }).expect(201);
    expect(res.body).toMatchObject({
      code,
      name: '南林桥村',
      township: '南林桥镇',
      settings: { noticePeriodDays: 3, quorum: 3, timezone: 'Asia/Shanghai', pointsExpiry: { mode: 'none' } },
    });
    const got = await t.http.get(`/v1/villages/${res.body.id}`).set(admin).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('keeps given settings and validates them', async () => {
    const village = await givenVillage(t, { settings: { noticePeriodDays: 0, quorum: 5, pointsExpiry: { mode: 'annual', resetDate: '01-01' } } });
    expect(village.settings).toMatchObject({ noticePeriodDays: 0, quorum: 5, pointsExpiry: { mode: 'annual', resetDate: '01-01' } });

    for (const settings of [{ quorum: 0 }, { noticePeriodDays: -1 }, { timezone: 'Mars/Olympus' }, { pointsExpiry: { mode: 'annual' } }, { pointsExpiry: { mode: 'annual', resetDate: '13-01' } }, { foo: 1 }]) {
      const res = await t.http.post('/v1/villages').set(admin).send({ code: uniqueCode('B'), name: '村', settings });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].field).toMatch(/^settings\./);
    }
  });

  it('refuses a duplicate code with 409 conflict', async () => {
    const village = await givenVillage(t);
    const res = await t.http.post('/v1/villages').set(admin).send({ code: village.code, name: '另一个村' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
  });

  it('updates name and settings, keeping the rest', async () => {
    const village = await givenVillage(t, { settings: { quorum: 4 } });
    const res = await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ name: '新村', settings: { noticePeriodDays: 7 } }).expect(200);
    expect(res.body).toMatchObject({ name: '新村', settings: { quorum: 4, noticePeriodDays: 7 } });
    const bad = await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ code: 'CHANGED' });
    expect(bad.status).toBe(400);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await t.http.get('/v1/villages/8d9e4c7e-3b43-4b71-9d35-3c1f6f0b7a11').set(admin)).body.code).toBe('not_found');
    expect((await t.http.get('/v1/villages/not-a-uuid').set(admin)).status).toBe(404);
    expect((await t.http.patch('/v1/villages/8d9e4c7e-3b43-4b71-9d35-3c1f6f0b7a11').set(admin).send({ name: 'x' })).status).toBe(404);
  });

  it('lists across pages with a keyset cursor, without gaps or repeats', async () => {
    const township = uniqueCode('T');
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await givenVillage(t, { township }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get('/v1/villages').set(admin)
        .query({ township, limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.items.map((v) => v.id));
      cursor = res.body.nextCursor;
      pages++;
      // A village inserted mid-walk must not shift the pages already read.
      if (pages === 1) await givenVillage(t, { township, code: `ZZ${uniqueCode('')}` });
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created.map((v) => v.id)));
    expect(seen).toHaveLength(8);
  });

  it('validates limit and cursor', async () => {
    expect((await t.http.get('/v1/villages?limit=0').set(admin)).status).toBe(400);
    expect((await t.http.get('/v1/villages?limit=201').set(admin)).status).toBe(400);
    const bad = await t.http.get('/v1/villages?cursor=garbage').set(admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
  });
});
