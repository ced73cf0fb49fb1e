/**
 * Fuzzing from the contract (issue 9, part 1): for every operation of the committed
 * openapi/openapi.json, property-based requests (fast-check) against a small real village:
 * valid bodies with real ids, then wrong types, missing and extra fields, huge strings, deep
 * nesting, unicode edge cases, numbers past 2^53, injection strings, bad UUIDs and cursors,
 * malformed headers, other roles and no auth. Every answer must be a success or a well-formed
 * problem+json with a documented code, within 2 s; no answer may leak a secret; afterwards
 * the ledger and the audit chain verify.
 *
 * Budget: FUZZ_RUNS requests per operation (default 4); FUZZ_SEED replays a run.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Headers, givenAdmin } from './support/auth';
import { uniqueCode } from './support/factories';
import { leaks, responseProblems } from './support/fuzz/checks';
import { loadContract } from './support/fuzz/contract';
import { Caller, FuzzRequest, requestsFor } from './support/fuzz/requests';
import { send } from './support/fuzz/send';
import { UNICODE_EDGE } from './support/fuzz/values';
import { FuzzVillage, givenFuzzVillage } from './support/fuzz/village';
import { listRoutes, openApiPath } from './support/routes';
import { TestApp, startTestApp } from './support/test-app';

const contract = loadContract();
const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20_261_128));

describe('fuzzing every operation of the committed contract', () => {
  let t: TestApp;
  let admin: Headers;
  let village: FuzzVillage;
  let other: FuzzVillage;
  let callers: Record<Caller, Headers>;
  const sent = new Map<string, number>();
  const statuses = new Map<number, number>();
  let total = 0;
  const started = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    [village, other] = [await givenFuzzVillage(t), await givenFuzzVillage(t, { households: 1 })];
    village.pools.villages.push(other.villageId);
    village.pools.households.push(other.households[0].id);
    callers = { admin, none: {}, ...Object.fromEntries(Object.entries(village.callers).map(([role, user]) => [role, user.headers])) } as Record<Caller, Headers>;
  });

  afterAll(async () => {
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    process.stdout.write(`\nfuzz: ${total} requests over ${sent.size} operations (${RUNS} runs each, seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${byStatus}\n`);
    await t?.close();
  });

  const fuzzOne = async (req: FuzzRequest): Promise<void> => {
    const res = await send(t, req, callers);
    total++;
    sent.set(req.op, (sent.get(req.op) ?? 0) + 1);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const wrong = [...responseProblems(res, req), ...leaks(req, res.status, res.text, village.secrets)];
    if (wrong.length) {
      const shown = req.body && req.body.length > 300 ? `${req.body.slice(0, 300)}… (${req.body.length} chars)` : req.body;
      throw new Error(`${req.method.toUpperCase()} ${req.url.slice(0, 300)} [${req.variants.join(', ')}] as ${req.caller}\nheaders ${JSON.stringify(req.headers).slice(0, 300)}\nbody ${shown}\n→ ${res.status} ${res.text.slice(0, 500)}\n${wrong.join('; ')}`);
    }
  };

  it('has every route the app registers in the contract', () => {
    const routes = listRoutes(t.app).map((r) => `${r.method} ${openApiPath(r.path)}`);
    const operations = new Set(contract.operations.map((o) => o.key));
    const documentedRoutes = routes.filter((r) => !/^(GET \/docs|GET \/openapi\.json)/.test(r));
    expect(documentedRoutes.filter((r) => !operations.has(r))).toEqual([]);
    expect(contract.operations.length).toBeGreaterThan(80);
  });

  describe.each(contract.operations.map((op) => [op.key, op] as const))('%s', (_key, op) => {
    it(`answers ${RUNS} generated requests with a success or a documented problem, in time, leaking nothing`, async () => {
      await fc.assert(fc.asyncProperty(requestsFor(contract, op, village.pools), fuzzOne), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    });
  });

  it('leaves the ledger and the audit chain verifiable', async () => {
    for (const villageId of [village.villageId, other.villageId]) {
      const ledger = await t.http.get('/v1/ledger/verify').query({ villageId }).set(admin).expect(200);
      expect(ledger.body.problems).toEqual([]);
      expect(ledger.body.ok).toBe(true);
    }
    const audit = await t.http.get('/v1/audit-events/verify').set(admin).expect(200);
    expect(audit.body.problems ?? []).toEqual([]);
    expect(audit.body.ok).toBe(true);
  });

  it('stores valid unusual text byte for byte (villages, households, residents, catalogue items)', async () => {
    // Names are trimmed on the way in (a deliberate normalization): valid names here have no outer blanks.
    const name = fc.oneof(fc.constantFrom(...UNICODE_EDGE), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })).filter((s) => s.trim() === s && s.length > 0);
    await fc.assert(
      fc.asyncProperty(name, name, name, async (a, b, c) => {
        const v = await t.http.post('/v1/villages').set(admin).send({ code: uniqueCode('RT'), name: a, township: b });
        expect(v.status).toBe(201);
        const gotVillage = await t.http.get(`/v1/villages/${v.body.id}`).set(admin).expect(200);
        expect([gotVillage.body.name, gotVillage.body.township]).toEqual([a, b]);
        const h = await t.http.post('/v1/households').set(admin).send({ villageId: v.body.id, code: uniqueCode('H'), address: c, group: a });
        expect(h.status).toBe(201);
        const gotHousehold = await t.http.get(`/v1/households/${h.body.id}`).set(admin).expect(200);
        expect([gotHousehold.body.address, gotHousehold.body.group]).toEqual([c, a]);
        const r = await t.http.post('/v1/residents').set(admin).send({ villageId: v.body.id, householdId: h.body.id, name: b.slice(0, 50) });
        if (r.status === 201) expect((await t.http.get(`/v1/residents/${r.body.id}`).set(admin).expect(200)).body.name).toBe(b.slice(0, 50));
        else expect(r.status).toBe(400);
        const item = await t.http.post('/v1/catalogue-items').set(admin).send({ villageId: v.body.id, sku: uniqueCode('S'), name: c, category: b, description: a, pointsPrice: 1 });
        expect(item.status).toBe(201);
        const gotItem = await t.http.get(`/v1/catalogue-items/${item.body.id}`).set(admin).expect(200);
        expect([gotItem.body.name, gotItem.body.category, gotItem.body.description]).toEqual([c, b, a]);
      }),
      { numRuns: Math.max(5, Math.min(RUNS * 2, 50)), seed: SEED },
    );
  });

  describe('regressions found by this fuzzer', () => {
    it('answers summaries up to 9999-12-31 and impossible dates with 400, not a 500 from PostgreSQL', async () => {
      for (const path of [`/v1/villages/${village.villageId}/summary`, '/v1/summary']) {
        for (const query of ['to=9999-12-31', 'from=9999-12-31&to=9999-12-31', 'from=2026-02-30', 'to=2026-02-31']) {
          const res = await t.http.get(`${path}?${query}`).set(admin);
          expect([path, query, res.status, res.body.code]).toEqual([path, query, 400, 'validation_failed']);
        }
        await t.http.get(`${path}?from=2026-01-01&to=2999-12-31`).set(admin).expect(200);
      }
    });

    it('answers bad percent-encoding in a path and over-long path ids with problem+json (Fastify answered its own JSON)', async () => {
      const bad = await t.http.get('/v1/villages/%ED%A0%80').set(admin);
      expect([bad.status, bad.headers['content-type'], bad.body.code, typeof bad.body.requestId]).toEqual([400, 'application/problem+json; charset=utf-8', 'validation_failed', 'string']);
      const long = await t.http.get(`/v1/households/${'a'.repeat(150)}`).set(admin);
      expect([long.status, long.headers['content-type'], long.body.code]).toEqual([404, 'application/problem+json; charset=utf-8', 'not_found']);
    });

    it('refuses text no database column can hold (NUL, lone surrogates) with 400 instead of a 500 or altering it', async () => {
      for (const bad of ['a\u0000b', '\uD800', 'x\uDFFFy']) {
        const res = await t.http.post('/v1/catalogue-items').set(admin).send({ villageId: village.villageId, sku: uniqueCode('S'), name: bad, pointsPrice: 1 });
        expect({ bad: JSON.stringify(bad), status: res.status, code: res.body.code }).toEqual({ bad: JSON.stringify(bad), status: 400, code: 'validation_failed' });
      }
      const sale = await t.http.post('/v1/redemptions').set(village.callers.clerk.headers).set('idempotency-key', randomUUID()).send({ villageId: village.villageId, cardNo: 'C\u0000', lines: [] });
      expect([sale.status, sale.body.code]).toEqual([400, 'validation_failed']);
      const search = await t.http.get(`/v1/households?villageId=${village.villageId}&q=a%00b`).set(admin);
      expect([search.status, search.body.code]).toEqual([400, 'validation_failed']);
      const stock = await t.http.get(`/v1/catalogue-items`).query({ villageId: village.villageId }).set(admin).expect(200);
      expect(stock.body.items.map((i: { name: string }) => i.name)).not.toContain('a\u0000b');
    });

    it('answers a body nested 20,000 levels deep with 400 (class-transformer overflowed the stack: 500)', async () => {
      for (const body of [`{"code":"A","name":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`]) {
        const res = await t.http.post('/v1/villages').set(admin).set('content-type', 'application/json').send(body);
        expect([res.status, res.body.code, res.body.detail]).toEqual([400, 'validation_failed', 'The request body nests deeper than 32 levels']);
      }
    });

    it('answers a CSV body sent to a JSON route with 415, even unauthenticated (the process aborted)', async () => {
      for (const type of ['text/csv', 'application/csv', 'application/vnd.ms-excel']) {
        const login = await t.http.post('/v1/auth/login').set('content-type', type).send('username,password\nroot,x');
        expect([login.status, login.headers['content-type'], login.body.code]).toEqual([415, 'application/problem+json; charset=utf-8', 'unsupported_media_type']);
        const create = await t.http.post('/v1/villages').set(admin).set('content-type', type).send('a,b');
        expect([create.status, create.body.code]).toEqual([415, 'unsupported_media_type']);
      }
      // The import route still takes CSV, and the app still answers.
      const imported = await t.http.post(`/v1/residents/import?villageId=${village.villageId}&partial=true`).set(admin).set('content-type', 'text/csv').send('户号,姓名\r\nFZ-CSV,王五\r\n');
      expect([imported.status, imported.body.created]).toEqual([200, 1]);
      await t.http.get('/health/live').expect(200);
    });
  });
});
