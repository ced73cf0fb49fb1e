import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Clock } from '../core/time/clock';
import { DomainError } from '../core/errors/errors';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import { AccessClaims, AccessVerdict, signAccessToken, verifyAccessToken } from './jwt';

export const ACCESS_TOKEN_TTL_S = 15 * 60;
/** Access tokens whose signature has been checked, kept until they expire (bounded). */
const VERIFIED_TOKENS_MAX = 5_000;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** 401 with the WWW-Authenticate header of RFC 6750; `invalid_token` names a bad bearer token. */
export function unauthenticated(detail: string, bearerError = false): DomainError {
  return new DomainError('unauthenticated', detail, { headers: { 'WWW-Authenticate': bearerError ? 'Bearer error="invalid_token"' : 'Bearer' } });
}

const tokenExpired = () =>
  new DomainError('token_expired', 'The access token has expired; refresh it or log in again', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' },
  });

/** Signs access tokens and checks bearer headers (the guard's hot path, and logout). */
@Injectable()
export class AccessTokens {
  /**
   * A token's header and signature are checked once: the same token string verifies the same
   * way until it expires (the secret does not change while the process runs), and a client
   * sends one token on many requests. Expiry is checked on every request.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** iat in seconds; the same claims always give the same token (refresh retries rely on it). */
  sign(userId: string, sessionId: string, username: string, iat: number): string {
    return signAccessToken(this.config.jwtSecret, { sub: userId, sid: sessionId, name: username, iat, exp: iat + ACCESS_TOKEN_TTL_S });
  }

  private verify(token: string): AccessVerdict {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > now) return { ok: true, claims: known };
      this.verified.delete(token);
      return { ok: false, reason: 'expired', claims: known };
    }
    const verdict = verifyAccessToken(this.config.jwtSecret, token, now);
    // Only this server signs tokens, always with UUIDs; anything else is refused before it reaches SQL.
    if ((verdict.ok || verdict.reason === 'expired') && (!isUUID(verdict.claims.sub) || !isUUID(verdict.claims.sid))) return { ok: false, reason: 'invalid' };
    if (verdict.ok) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, verdict.claims);
    }
    return verdict;
  }

  /**
   * The claims of a valid `Authorization: Bearer` header. Throws 401 `token_expired` for a
   * genuine token past its expiry (unless `acceptExpired`: logout may end an expired
   * token's session) and 401 `unauthenticated` for anything else.
   */
  claimsOf(authorization: string, acceptExpired = false): AccessClaims {
    const match = BEARER.exec(authorization);
    const verdict: AccessVerdict = match ? this.verify(match[1]) : { ok: false, reason: 'invalid' };
    if (verdict.ok) return verdict.claims;
    if (verdict.reason === 'invalid') throw unauthenticated('The access token is not valid', true);
    if (!acceptExpired) throw tokenExpired();
    return verdict.claims;
  }
}
