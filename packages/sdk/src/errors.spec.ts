import { JifenError, isJifenError, problemCode, toJifenError } from './errors.js';
import { newIdempotencyKey } from './idempotency-key.js';

describe('JifenError', () => {
  it('carries a problem document: its code, status, request id, field errors and the code\'s own members', () => {
    const problem = { type: 'urn:jifen:problem:insufficient_points', title: 'Insufficient points', status: 422, detail: '余额不足', code: 'insufficient_points', requestId: 'r-1', balance: 5, total: 10 };
    const error = toJifenError(new Response(null, { status: 422, headers: { 'x-request-id': 'r-header' } }), problem);
    expect(error).toBeInstanceOf(JifenError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'JifenError', message: '余额不足', code: 'insufficient_points', status: 422, requestId: 'r-1', errors: [], balance: 5, total: 10 });
    expect(isJifenError(error, 'insufficient_points', 'insufficient_stock')).toBe(true);
    expect(isJifenError(error, 'not_found')).toBe(false);
  });

  it('names an answer that is not a problem document `unexpected_response`, with the X-Request-Id header', () => {
    const error = toJifenError(new Response(null, { status: 502, headers: { 'x-request-id': 'r-2' } }), '<html>Bad Gateway</html>');
    expect(error).toMatchObject({ code: 'unexpected_response', status: 502, requestId: 'r-2', errors: [] });
    expect(error.detail).toContain('502');
  });

  it('reads the code of an answer without consuming it', async () => {
    const response = new Response('{"code":"token_expired","status":401}', { status: 401 });
    expect(await problemCode(response)).toBe('token_expired');
    expect(await response.json()).toMatchObject({ code: 'token_expired' });
    expect(await problemCode(new Response('not json', { status: 500 }))).toBeUndefined();
  });
});

describe('newIdempotencyKey', () => {
  it('makes version-4 UUIDs, also where crypto.randomUUID is missing (plain-http pages, mini-programs)', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(v4);
    const original = globalThis.crypto;
    try {
      Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: original.getRandomValues.bind(original) }, configurable: true });
      const keys = Array.from({ length: 100 }, newIdempotencyKey);
      for (const key of keys) expect(key).toMatch(v4);
      expect(new Set(keys).size).toBe(100);
      Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
      expect(newIdempotencyKey()).toMatch(v4);
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: original, configurable: true });
    }
  });
});
