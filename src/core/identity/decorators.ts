import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { Actor } from './actor';
import { Role } from './roles';

export const ROLES_KEY = 'jifen:roles';
export const PUBLIC_KEY = 'jifen:public';
export const PENDING_PASSWORD_KEY = 'jifen:pending-password';

/**
 * Roles that may call the route (in at least one village; `admin` always may). The
 * service then checks the role in the village of the resource (assertVillageRole).
 * `@Roles()` with no role: any authenticated caller (e.g. GET /v1/users/me).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth('bearer'), ApiSecurity('apiKey'), ApiExtension('x-roles', roles.length ? ['admin', ...roles.filter((r) => r !== 'admin')] : ['*']));

/** Callable without credentials. Every route has either @Roles or @Public (a test checks). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/**
 * Callable by a user who must still change their one-time password (every other route
 * answers 403 password_change_required until they do): changing it, and GET /v1/me, which
 * tells a front end that it must ask for it.
 */
export const AllowPendingPasswordChange = () => SetMetadata(PENDING_PASSWORD_KEY, true);

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/**
 * The client's address for lockout counters and the audit log. Behind a trusted proxy
 * (TRUST_PROXY) Fastify takes it from X-Forwarded-For as written, which need not be an
 * address at all: anything else counts as coming from the socket's peer (the proxy).
 */
export function clientAddress(request: FastifyRequest): string {
  return isIP(request.ip) ? request.ip : (request.socket.remoteAddress ?? 'unknown');
}

/** The authenticated caller, set by the auth guard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<RequestWithActor>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
