/**
 * The harness that checks every response of the e2e suites against openapi/openapi.json
 * (test/support/contract) must catch a DTO that drifts from its description: here the real
 * app answers with drifted bodies, codes and headers, and the request made through the
 * suites' agent must fail.
 */
import { DomainError } from '../src/core/errors/errors';
import { VillagesService } from '../src/villages/villages.service';
import { Headers, givenAdmin } from './support/auth';
import { ContractChecker } from './support/contract/checker';
import { VillageFixture, givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('the contract harness catches drift', () => {
  let t: TestApp;
  let admin: Headers;
  let village: VillageFixture;
  let real: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    village = await givenVillage(t);
    real = (await t.http.get(`/v1/villages/${village.id}`).set(admin).expect(200)).body;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  /** GET /v1/villages/{id} answering `body` instead of the real village. */
  const answering = (body: unknown) => {
    jest.spyOn(VillagesService.prototype, 'get').mockResolvedValue(body as never);
    return Promise.resolve(t.http.get(`/v1/villages/${village.id}`).set(admin));
  };

  it('passes the real answer', async () => {
    expect((await answering(real)).status).toBe(200);
  });

  it('fails a member of the wrong type (a count sent as a string)', async () => {
    const settings = { ...(real.settings as object), quorum: '3' };
    await expect(answering({ ...real, settings })).rejects.toThrow(/GET \/v1\/villages\/\{id\} → 200: body \/settings\/quorum must be integer/);
  });

  it('fails a fractional number where the document says integer', async () => {
    const settings = { ...(real.settings as object), noticePeriodDays: 1.5 };
    await expect(answering({ ...real, settings })).rejects.toThrow(/\/settings\/noticePeriodDays must be integer/);
  });

  it('fails a renamed member (one missing, one undescribed)', async () => {
    const { name, ...rest } = real;
    await expect(answering({ ...rest, villageName: name })).rejects.toThrow(/must have required property 'name'[\s\S]*must NOT have additional properties \(villageName\)/);
  });

  it('fails null where the document does not allow it', async () => {
    await expect(answering({ ...real, code: null })).rejects.toThrow(/body \/code must be string/);
  });

  it('fails an error code the operation does not document', async () => {
    jest.spyOn(VillagesService.prototype, 'get').mockRejectedValue(new DomainError('insufficient_stock', 'not a thing a village read can say'));
    await expect(Promise.resolve(t.http.get(`/v1/villages/${village.id}`).set(admin))).rejects.toThrow(
      /GET \/v1\/villages\/\{id\} → 422: status 422 is not documented/,
    );
    jest.spyOn(VillagesService.prototype, 'get').mockRejectedValue(new DomainError('conflict', 'a 409 this operation never answers'));
    await expect(Promise.resolve(t.http.get(`/v1/villages/${village.id}`).set(admin))).rejects.toThrow(/status 409 is not documented/);
  });

  it('fails a problem member the code does not document', async () => {
    jest.spyOn(VillagesService.prototype, 'get').mockRejectedValue(new DomainError('not_found', 'Village not found', { villageCode: 'X' }));
    await expect(Promise.resolve(t.http.get(`/v1/villages/${village.id}`).set(admin))).rejects.toThrow(/must NOT have additional properties \(villageCode\)/);
  });

  describe('the checker itself', () => {
    const checker = new ContractChecker();
    const ok = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' };
    const check = (res: Partial<Parameters<ContractChecker['check']>[0]>) =>
      checker.check({ method: 'GET', url: '/v1/villages', status: 200, headers: ok, text: JSON.stringify({ items: [], nextCursor: null }), ...res });

    it('accepts a documented answer', () => {
      expect(check({})).toEqual([]);
    });

    it('fails a header a client acts on that the document does not give this answer', () => {
      expect(check({ headers: { ...ok, etag: '"v1"' } })).toEqual([expect.stringMatching(/header etag is sent but not documented/)]);
      expect(check({ headers: { ...ok, 'retry-after': '5' } })).toEqual([expect.stringMatching(/header retry-after is sent but not documented/)]);
    });

    it('fails a documented required header that is missing, and a header value of the wrong form', () => {
      expect(check({ headers: { 'content-type': 'application/json' } })).toEqual([expect.stringMatching(/required header x-request-id is missing/)]);
      const replay = { method: 'POST', url: '/v1/redemptions', status: 201 };
      expect(check({ ...replay, headers: { ...ok, 'idempotent-replayed': 'yes' } }).join('\n')).toMatch(/header idempotent-replayed: .*must be equal to one of the allowed values/);
    });

    it('fails an undocumented content type or status', () => {
      expect(check({ headers: { ...ok, 'content-type': 'text/csv' }, text: 'a,b' })).toEqual([expect.stringMatching(/content type text\/csv is not documented/)]);
      expect(check({ status: 202 })).toEqual([expect.stringMatching(/status 202 is not documented/)]);
    });

    it('expects 404 for an unknown path and 405 with Allow for an unknown method', () => {
      const problem = (code: string, status: number) => JSON.stringify({ type: `urn:jifen:problem:${code}`, title: 't', status, detail: 'd', code, requestId: 'r1' });
      const problemHeaders = { 'content-type': 'application/problem+json', 'x-request-id': 'r1' };
      expect(check({ url: '/v1/nowhere', status: 200 })).toEqual([expect.stringMatching(/answered 200, not 404 not_found/)]);
      const notAllowed = { method: 'PUT', url: '/v1/villages', status: 405, text: problem('method_not_allowed', 405) };
      expect(check({ ...notAllowed, headers: problemHeaders })).toEqual(['405 with Allow: (none); the document lists GET, HEAD, POST']);
      expect(check({ ...notAllowed, headers: { ...problemHeaders, allow: 'GET, POST, HEAD' } })).toEqual([]);
      expect(check({ method: 'PUT', url: '/v1/villages', status: 404, headers: problemHeaders, text: problem('not_found', 404) })).toEqual([
        expect.stringMatching(/a method \/v1\/villages does not list answered 404, not 405/),
      ]);
    });
  });
});
