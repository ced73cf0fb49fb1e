import { DomainError } from '../common/errors';
import { Role, RoleGrant } from './roles';

/** Who is calling: a logged-in user, an API key, or the system itself (scheduler, bootstrap). */
export interface Actor {
  kind: 'user' | 'api_key' | 'system' | 'anonymous';
  /** User id or API key id; null for system and anonymous. */
  id: string | null;
  /** Username or key name, for audit readers. */
  name: string;
  grants: RoleGrant[];
  requestId: string | null;
  ip: string | null;
  /** For a user: the session (login) the access token belongs to. */
  sessionId?: string;
  /** A user still on a one-time password (the guard lets them only change it). */
  mustChangePassword?: boolean;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'system', grants: [], requestId: null, ip: null };

export function isAdmin(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'admin');
}

/** The actor's roles in one village (`admin` counts in every village). */
export function rolesIn(actor: Actor, villageId: string): Role[] {
  return actor.grants.filter((g) => g.role === 'admin' || g.villageId === villageId).map((g) => g.role);
}

export function hasRoleIn(actor: Actor, villageId: string, roles: readonly Role[]): boolean {
  return rolesIn(actor, villageId).some((r) => r === 'admin' || roles.includes(r));
}

/**
 * Village scoping, decided on the village of the resource being touched. An actor with no
 * role at all in that village gets 404, as if the resource did not exist (a clerk of
 * village A learns nothing about village B); one with other roles there gets 403.
 */
export function assertVillageRole(actor: Actor, villageId: string, roles: readonly Role[], what = 'Resource'): void {
  if (hasRoleIn(actor, villageId, roles)) return;
  if (rolesIn(actor, villageId).length === 0) throw new DomainError('not_found', `${what} not found`);
  throw new DomainError('forbidden', `This needs one of the roles ${roles.join(', ')} in that village`);
}

/** The households a resident user may see in a village (empty when not a resident there). */
export function residentHouseholds(actor: Actor, villageId: string): string[] {
  return actor.grants
    .filter((g) => g.role === 'resident' && g.villageId === villageId && g.householdId)
    .map((g) => g.householdId as string);
}
