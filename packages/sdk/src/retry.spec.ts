import { type Fetch, retrying, safeToRepeat } from './retry.js';

/** A fetch that answers from a script (a status, or a thrown network error), recording each request it got. */
function scripted(...answers: (number | 'network')[]): { fetch: Fetch; got: Request[] } {
  const got: Request[] = [];
  const fetch: Fetch = async (request) => {
    got.push(request);
    const answer = answers.shift() ?? 200;
    if (answer === 'network') throw new TypeError('fetch failed');
    const headers = answer === 503 ? { 'retry-after': '0' } : undefined;
    return new Response(answer === 204 ? null : '{}', { status: answer, headers });
  };
  return { fetch, got };
}

const sale = (key?: string) =>
  new Request('https://jifen.example.org/v1/redemptions', { method: 'POST', body: '{"villageId":"v"}', headers: key ? { 'Idempotency-Key': key } : {} });

describe('retrying', () => {
  it('sends a keyed write again with the same key and body after network errors and 503s, then answers', async () => {
    const { fetch, got } = scripted('network', 503, 201);
    const response = await retrying(fetch, { baseDelayMs: 1 })(sale('k1'));
    expect(response.status).toBe(201);
    expect(got.map((r) => r.headers.get('idempotency-key'))).toEqual(['k1', 'k1', 'k1']);
    expect(await Promise.all(got.map((r) => r.text()))).toEqual(Array(3).fill('{"villageId":"v"}'));
  });

  it('never repeats a 4xx, nor a write without a key, and stops after `attempts`', async () => {
    const refused = scripted(422, 201);
    expect((await retrying(refused.fetch, { baseDelayMs: 1 })(sale('k2'))).status).toBe(422);
    expect(refused.got).toHaveLength(1);
    const unkeyed = scripted('network', 201);
    await expect(retrying(unkeyed.fetch, { baseDelayMs: 1 })(sale())).rejects.toThrow('fetch failed');
    expect(unkeyed.got).toHaveLength(1);
    const down = scripted(503, 503, 503, 201);
    expect((await retrying(down.fetch, { attempts: 3, baseDelayMs: 1 })(sale('k3'))).status).toBe(503);
    expect(down.got).toHaveLength(3);
  });

  it('waits at least Retry-After, at most maxDelayMs, and stops waiting when the call is aborted', async () => {
    const slow: Fetch = async () => new Response('{}', { status: 503, headers: { 'retry-after': '1' } });
    let started = Date.now();
    await retrying(slow, { attempts: 2, baseDelayMs: 1, maxDelayMs: 5_000 })(sale('k4'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    started = Date.now();
    await retrying(slow, { attempts: 2, baseDelayMs: 1, maxDelayMs: 50 })(sale('k5'));
    expect(Date.now() - started).toBeLessThan(900);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('left the page')), 20);
    const request = new Request(sale('k6'), { signal: controller.signal });
    await expect(retrying(slow, { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 })(request)).rejects.toThrow('left the page');
  });

  it('takes reads, keyed writes, refresh and logout as safe to repeat, and nothing else', () => {
    const at = (method: string, path: string, headers: Record<string, string> = {}) => safeToRepeat(new Request(`https://jifen.example.org${path}`, { method, headers }));
    expect([at('GET', '/v1/households'), at('HEAD', '/v1/households'), at('POST', '/v1/auth/refresh'), at('POST', '/v1/auth/logout'), at('POST', '/v1/transactions', { 'Idempotency-Key': 'k' })]).toEqual([true, true, true, true, true]);
    expect([at('POST', '/v1/auth/login'), at('POST', '/v1/households'), at('PATCH', '/v1/households/1'), at('DELETE', '/v1/api-keys/1')]).toEqual([false, false, false, false]);
  });
});
