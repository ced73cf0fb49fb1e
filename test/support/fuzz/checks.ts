import { ERROR_STATUS } from '../../../src/core/errors/errors';
import type { FuzzRequest } from './requests';

export const MAX_RESPONSE_MS = 2_000;

export interface Sent {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

/**
 * The pass condition of every fuzzed request: no 5xx; every error is problem+json with a
 * documented code whose status matches; an answer within 2 s. Returns what is wrong, if anything.
 */
export function responseProblems(res: Sent, request: { url: string; body?: string } = { url: '' }): string[] {
  const problems: string[] = [];
  if (res.ms > MAX_RESPONSE_MS) problems.push(`took ${res.ms} ms`);
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (res.status >= 400) {
    if (!res.contentType.startsWith('application/problem+json')) problems.push(`error with content-type ${res.contentType || '(none)'}`);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(res.text);
    } catch {
      problems.push('error body is not JSON');
    }
    const code = body.code as keyof typeof ERROR_STATUS;
    if (typeof code !== 'string' || !(code in ERROR_STATUS)) problems.push(`undocumented code ${JSON.stringify(code)}`);
    else if (ERROR_STATUS[code] !== res.status) problems.push(`code ${code} with status ${res.status}`);
    if (body.status !== res.status) problems.push(`body status ${JSON.stringify(body.status)} vs ${res.status}`);
    for (const member of ['type', 'title', 'detail', 'requestId']) if (typeof body[member] !== 'string') problems.push(`no ${member}`);
    // Internals: a stack frame, a driver error, SQL (unless the client sent that text itself and it is echoed as a field name).
    const sent = `${request.url} ${request.body ?? ''}`;
    const internals = (res.text.match(/\bat \S+ \(|node_modules|QueryFailedError|SELECT |INSERT INTO/g) ?? []).filter((m) => !sent.includes(m));
    if (internals.length) problems.push(`internals leaked in the error: ${internals.join(', ')}`);
  }
  return problems;
}

/** Secrets that no response may contain (apart from the one response that hands them out). */
export const PASSWORD_HASH = /\$argon2(id|i|d)\$/;
export const REFRESH_TOKEN = /jfr_[A-Za-z0-9_-]{8,}/;
export const API_KEY = /jfk_[A-Za-z0-9_-]{8,}/;

/** Which secrets a response body leaks: hashes, tokens, keys, and clear ID numbers / phones to roles that see them masked. */
export function leaks(req: Pick<FuzzRequest, 'op' | 'caller'>, status: number, text: string, clear: { idNumbers: string[]; phones: string[] }): string[] {
  const found: string[] = [];
  if (PASSWORD_HASH.test(text)) found.push('password hash');
  const handsOutTokens = status < 300 && (req.op === 'POST /v1/auth/login' || req.op === 'POST /v1/auth/refresh');
  if (REFRESH_TOKEN.test(text) && !handsOutTokens) found.push('refresh token');
  if (API_KEY.test(text) && !(status === 201 && req.op === 'POST /v1/api-keys')) found.push('API key');
  if (req.caller !== 'admin' && req.caller !== 'village_admin') {
    for (const id of clear.idNumbers) if (text.includes(id)) found.push(`ID number ${id} to ${req.caller}`);
    for (const phone of clear.phones) if (text.includes(phone)) found.push(`phone ${phone} to ${req.caller}`);
  }
  return found;
}
