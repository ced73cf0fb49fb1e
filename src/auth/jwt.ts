import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What an access token says: who (`sub`, `name`) and which session (`sid`). Roles are not in
 * it: the guard reads the user's current roles (AccessState), so a role change applies at
 * once. Properties in this order, so that the same claims always sign to the same token.
 */
export interface AccessClaims {
  sub: string;
  sid: string;
  name: string;
  iat: number;
  exp: number;
}

export type AccessVerdict = { ok: true; claims: AccessClaims } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'expired'; claims: AccessClaims };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signAccessToken(secret: string, claims: AccessClaims): string {
  const { sub, sid, name, iat, exp } = claims;
  const payload = Buffer.from(JSON.stringify({ sub, sid, name, iat, exp })).toString('base64url');
  const data = `${HEADER}.${payload}`;
  return `${data}.${signature(secret, data).toString('base64url')}`;
}

const INVALID: AccessVerdict = { ok: false, reason: 'invalid' };

/**
 * HS256 only: the header must say exactly that (no `alg: none`, no algorithm switching),
 * the signature is compared in constant time. A token whose signature holds but whose `exp`
 * has passed is "expired" (and still names its session, which logout may end); anything
 * else wrong makes it "invalid".
 */
export function verifyAccessToken(secret: string, token: string, nowSeconds: number): AccessVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return INVALID;
  const [header, payload, sig] = parts;
  let parsedHeader: unknown;
  let claims: AccessClaims;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return INVALID;
  }
  if (typeof parsedHeader !== 'object' || parsedHeader === null || (parsedHeader as { alg?: unknown }).alg !== 'HS256') return INVALID;
  const expected = signature(secret, `${header}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return INVALID;
  if (typeof claims !== 'object' || claims === null || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return INVALID;
  if (typeof claims.exp !== 'number') return INVALID;
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
