import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Actor } from './actor';
import { PUBLIC_KEY, ROLES_KEY, RequestWithActor } from './decorators';
import { AccessClaims, verifyAccessToken } from './jwt';
import { Role, RoleGrant } from './roles';
import { sha256 } from './secrets';

/** lastUsedAt is written at most once a minute per key, not on every request. */
const LAST_USED_RESOLUTION = '60 seconds';
/** Access tokens whose signature has been checked, kept until they expire (bounded). */
const VERIFIED_TOKENS_MAX = 5_000;

/**
 * Global guard: authenticates (Bearer JWT or X-Api-Key) and checks that the caller holds
 * one of the route's @Roles somewhere. Which village the role must be in is decided by
 * the service from the resource itself (assertVillageRole), since only it knows the row.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * A token's header and signature are checked once: the same token string verifies the same
   * way until it expires (the secret does not change while the process runs), and a client
   * sends one token on many requests. Expiry is checked on every request.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    if (isPublic) {
      request.actor = (await this.authenticate(request).catch(() => null)) ?? this.anonymous(request);
      return true;
    }
    if (!roles) throw new DomainError('forbidden', 'This route has no access rule');
    const actor = await this.authenticate(request);
    if (!actor) throw new DomainError('unauthenticated', 'Send Authorization: Bearer <accessToken> or X-Api-Key');
    if (roles.length > 0 && !actor.grants.some((g) => g.role === 'admin' || roles.includes(g.role))) {
      throw new DomainError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    request.actor = actor;
    return true;
  }

  private anonymous(request: RequestWithActor): Actor {
    return { kind: 'anonymous', id: null, name: 'anonymous', grants: [], requestId: request.id, ip: request.ip };
  }

  private verifiedClaims(token: string, nowSeconds: number): AccessClaims | null {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > nowSeconds) return known;
      this.verified.delete(token);
      return null;
    }
    const claims = verifyAccessToken(this.config.jwtSecret, token, nowSeconds);
    if (claims) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async authenticate(request: RequestWithActor): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization);
      const claims = match ? this.verifiedClaims(match[1], Math.floor(this.clock.now().getTime() / 1000)) : null;
      if (!claims) throw new DomainError('unauthenticated', 'The access token is invalid or expired');
      return { kind: 'user', id: claims.sub, name: claims.name, grants: claims.grants, requestId: request.id, ip: request.ip };
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || apiKey.length > 200) throw new DomainError('unauthenticated', 'The API key is invalid');
      const rows: { id: string; name: string; grants: RoleGrant[] }[] = await this.dataSource.query(
        `WITH key AS (SELECT id, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
              touch AS (UPDATE api_keys SET last_used_at = now()
                        WHERE id = (SELECT id FROM key) AND (last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}'))
         SELECT key.id, key.name,
                COALESCE((SELECT json_agg(json_build_object('role', g.role, 'villageId', g.village_id, 'householdId', g.household_id))
                          FROM role_grants g WHERE g.api_key_id = key.id), '[]') AS grants
         FROM key`,
        [sha256(apiKey)],
      );
      if (!rows.length) throw new DomainError('unauthenticated', 'The API key is invalid or revoked');
      return { kind: 'api_key', id: rows[0].id, name: rows[0].name, grants: rows[0].grants, requestId: request.id, ip: request.ip };
    }
    return null;
  }
}
