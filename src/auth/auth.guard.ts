import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AccessState } from './access-state';
import { AccessTokens, unauthenticated } from './access-tokens';
import { AuthRepository } from './auth.repository';
import { Actor, withImplied } from './actor';
import { PENDING_PASSWORD_KEY, PUBLIC_KEY, ROLES_KEY, RequestWithActor, clientAddress } from './decorators';
import { Role } from './roles';
import { sha256 } from './secrets';

/** lastUsedAt is written at most once a minute per key, not on every request. */
const LAST_USED_RESOLUTION = '60 seconds';

/**
 * Global guard: authenticates (Bearer JWT or X-Api-Key) and checks that the caller holds
 * one of the route's @Roles somewhere. Which village the role must be in is decided by
 * the service from the resource itself (assertVillageRole), since only it knows the row.
 * The caller's roles are the current ones, never those of the moment a token was issued.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tokens: AccessTokens,
    private readonly access: AccessState,
    private readonly repo: AuthRepository,
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
    if (!actor) throw unauthenticated('Send Authorization: Bearer <accessToken> or X-Api-Key');
    if (actor.mustChangePassword && this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_KEY, targets) !== true) {
      throw new DomainError('password_change_required', 'This login was handed out with a one-time password: change it first (POST /v1/auth/password)');
    }
    if (roles.length > 0 && !actor.grants.some((g) => g.role === 'admin' || withImplied(g.role).some((r) => roles.includes(r)))) {
      throw new DomainError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    request.actor = actor;
    return true;
  }

  private anonymous(request: RequestWithActor): Actor {
    return { kind: 'anonymous', id: null, name: 'anonymous', grants: [], requestId: request.id, ip: clientAddress(request) };
  }

  private async authenticate(request: RequestWithActor): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (authorization !== undefined) {
      const claims = this.tokens.claimsOf(authorization);
      const user = await this.access.check(claims.sub, claims.sid);
      if (!user) throw unauthenticated('The session has ended (logged out, password changed or user disabled); log in again', true);
      return {
        kind: 'user',
        id: user.id,
        name: user.username,
        grants: user.grants,
        requestId: request.id,
        ip: clientAddress(request),
        sessionId: claims.sid,
        ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
      };
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || apiKey.length > 200) throw unauthenticated('The API key is invalid');
      // A key works while it is not revoked, not expired, and the user it derives from is active.
      const key = await this.repo.usableApiKey(this.dataSource.manager, sha256(apiKey), this.clock.now(), LAST_USED_RESOLUTION);
      if (!key) throw unauthenticated('The API key is invalid, revoked or expired, or its user is disabled');
      return { kind: 'api_key', id: key.id, name: key.name, grants: key.grants, requestId: request.id, ip: clientAddress(request) };
    }
    return null;
  }
}
