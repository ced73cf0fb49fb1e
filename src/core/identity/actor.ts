import { DomainError } from '../errors/errors';
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

/**
 * Roles that come with another: a township_admin reads whatever an auditor reads in each
 * village of its township (and no more: it sees personal data masked, as an auditor does).
 */
const IMPLIED: Partial<Record<Role, Role[]>> = { township_admin: ['auditor'] };

/** The role and the roles it brings with it. */
export const withImplied = (role: Role): Role[] => [role, ...(IMPLIED[role] ?? [])];

/** Whether a grant acts in the village: its own village, or one of its township's. */
export const grantReaches = (grant: RoleGrant, villageId: string): boolean =>
  grant.role === 'admin' || grant.villageId === villageId || (grant.villageIds ?? []).includes(villageId);

/** The actor's roles in one village (`admin` counts in every village, a township role in its township's). */
export function rolesIn(actor: Actor, villageId: string): Role[] {
  return [...new Set(actor.grants.filter((g) => grantReaches(g, villageId)).flatMap((g) => withImplied(g.role)))];
}

/** Every village the actor holds a role in (not meaningful for admin, who holds all). */
export function actorVillages(actor: Actor): string[] {
  return [...new Set(actor.grants.flatMap((g) => [...(g.villageId ? [g.villageId] : []), ...(g.villageIds ?? [])]))];
}

/** The townships where the actor holds one of these township roles. */
export function townshipsOf(actor: Actor, roles: readonly Role[]): string[] {
  return [...new Set(actor.grants.filter((g) => roles.includes(g.role) && g.townshipId).map((g) => g.townshipId as string))];
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

/**
 * Township scoping, as assertVillageRole for villages: 404 for a township the actor has no
 * role in (nothing learnt about another township), 403 for a role there that is not enough.
 */
export function assertTownshipRole(actor: Actor, townshipId: string, roles: readonly Role[], what = 'Township'): void {
  if (isAdmin(actor)) return;
  const held = actor.grants.filter((g) => g.townshipId === townshipId).map((g) => g.role);
  if (held.some((r) => roles.includes(r))) return;
  if (held.length === 0) throw new DomainError('not_found', `${what} not found`);
  throw new DomainError('forbidden', `This needs one of the roles ${roles.join(', ')} in that township`);
}

/** The households a resident user may see in a village (empty when not a resident there). */
export function residentHouseholds(actor: Actor, villageId: string): string[] {
  return actor.grants
    .filter((g) => g.role === 'resident' && g.villageId === villageId && g.householdId)
    .map((g) => g.householdId as string);
}
