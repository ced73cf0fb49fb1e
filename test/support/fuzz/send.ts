import { ContractViolation } from '../contract/checked-http';
import { anotherSession } from '../auth';
import type { TestApp } from '../test-app';
import type { Sent } from './checks';
import type { Caller, FuzzRequest } from './requests';

const SESSION_ENDING = new Set(['POST /v1/auth/logout']);
/**
 * Generated logins and password changes fail, and each failure counts against the caller's
 * address: past 20 in 10 minutes every login from this address is refused, and the
 * operations fuzzed after them (logout logs in a throwaway session) could not log in. The
 * fuzzer clears the counters its own wrong passwords build up, after each such request.
 */
const COUNTS_AS_FAILED_LOGIN = new Set(['POST /v1/auth/login', 'POST /v1/auth/password']);

/** Sends one generated request as its caller; a request that gets no answer within 10 s counts as a hang (status 0). */
export async function send(t: TestApp, req: FuzzRequest, callers: Record<Caller, Record<string, string>>): Promise<Sent> {
  const started = Date.now();
  let test = t.http[req.method](req.url).timeout({ response: 10_000, deadline: 15_000 });
  if (!('authorization' in req.headers)) {
    // Logout ends the session of the bearer token it is sent with: send it with a throwaway one.
    const own = callers[req.caller];
    test = test.set((SESSION_ENDING.has(req.op) && (await anotherSession(t, own))) || own);
  }
  test = test.set(req.headers);
  // Keep the exact text: superagent would otherwise re-encode strings and objects.
  test = test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  });
  if (req.body !== undefined) test = test.send(req.body);
  try {
    const res = await test;
    return { status: res.status, contentType: String(res.headers['content-type'] ?? ''), text: res.body as string, ms: Date.now() - started };
  } catch (error) {
    const err = error as { timeout?: number; code?: string; message: string; response?: { status: number } };
    if (err.response || error instanceof ContractViolation) throw error;
    return { status: 0, contentType: '', text: `no answer: ${err.code ?? ''} ${err.message}`, ms: Date.now() - started };
  } finally {
    if (COUNTS_AS_FAILED_LOGIN.has(req.op)) await t.dataSource.query('DELETE FROM login_failures');
  }
}
