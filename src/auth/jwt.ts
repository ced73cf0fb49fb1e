import { createHmac, timingSafeEqual } from 'node:crypto';
import { RoleGrant } from './roles';

export interface AccessClaims {
  sub: string;
  name: string;
  grants: RoleGrant[];
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signAccessToken(secret: string, claims: AccessClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const data = `${HEADER}.${payload}`;
  return `${data}.${signature(secret, data).toString('base64url')}`;
}

/**
 * HS256 only: the header must say exactly that (no `alg: none`, no algorithm switching),
 * the signature is compared in constant time, and an expired token is refused.
 * Returns null for any token that does not pass.
 */
export function verifyAccessToken(secret: string, token: string, nowSeconds: number): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, sig] = parts;
  let parsedHeader: unknown;
  let claims: AccessClaims;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return null;
  }
  if (typeof parsedHeader !== 'object' || parsedHeader === null || (parsedHeader as { alg?: unknown }).alg !== 'HS256') return null;
  const expected = signature(secret, `${header}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (typeof claims !== 'object' || claims === null || typeof claims.sub !== 'string' || !Array.isArray(claims.grants)) return null;
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
  return claims;
}
