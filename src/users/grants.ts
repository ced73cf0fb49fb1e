import { EntityManager } from 'typeorm';
import { Actor, isAdmin, rolesIn } from '../auth/actor';
import { RoleGrant } from '../auth/roles';
import { DomainError, notFound } from '../common/errors';
import { Household } from '../residents/entities/household.entity';
import { Village } from '../villages/village.entity';
import { RoleGrantDto } from './dto/user.dto';

const administers = (actor: Actor, villageId: string | null | undefined): boolean =>
  !!villageId && actor.grants.some((g) => g.role === 'village_admin' && g.villageId === villageId);

/**
 * Whether the actor could hand out this grant: admin anything; a village_admin the village
 * roles of a village they administer. An API key hands out only grants it holds itself, so a
 * key that provisions accounts cannot mint a clerk key (or user) and start selling.
 */
export function canGrant(actor: Actor, grant: Pick<RoleGrant, 'role' | 'villageId'>): boolean {
  if (isAdmin(actor)) return true;
  if (grant.role === 'admin' || !administers(actor, grant.villageId)) return false;
  if (actor.kind === 'api_key') return actor.grants.some((g) => g.role === grant.role && g.villageId === grant.villageId);
  return true;
}

/**
 * Managing a user or a key (reading it, changing it, resetting its password, revoking it)
 * takes the power to grant every role it holds: otherwise a village admin of A could take
 * over an account that also acts in village B. 404 when the caller administers none of its
 * villages (nothing to see there, as for any resource of another village); 403 when they
 * share one but cannot grant all of it.
 */
export function assertCanManage(actor: Actor, grants: RoleGrant[], what: string): void {
  if (isAdmin(actor)) return;
  if (!grants.some((g) => administers(actor, g.villageId))) throw notFound(what);
  if (!grants.every((g) => canGrant(actor, g))) {
    throw new DomainError('forbidden', `Managing this ${what.toLowerCase()} takes the power to grant every role it holds`);
  }
}

/**
 * Checks grants about to be handed out: their shape (400), the caller's power to grant each
 * (403, or 404 for a village where the caller has no role), and that the village and a
 * resident's household exist, the household in that village (404). Shared with API keys.
 */
export async function checkGrantable(tx: EntityManager, actor: Actor, grants: RoleGrantDto[]): Promise<void> {
  for (const [index, grant] of grants.entries()) {
    const field = `roles.${index}.villageId`;
    if (grant.role === 'admin') {
      if (grant.villageId) throw new DomainError('validation_failed', 'admin is global: give no villageId', { errors: [{ field, message: 'must be absent for admin' }] });
      if (!canGrant(actor, { role: 'admin', villageId: null })) throw new DomainError('forbidden', 'Only an admin can grant admin');
      continue;
    }
    if (!grant.villageId) throw new DomainError('validation_failed', `${grant.role} needs a villageId`, { errors: [{ field, message: 'required for this role' }] });
    if (grant.householdId && grant.role !== 'resident') {
      throw new DomainError('validation_failed', 'householdId goes with the resident role only', { errors: [{ field: `roles.${index}.householdId`, message: 'only for resident' }] });
    }
    if (!canGrant(actor, { role: grant.role, villageId: grant.villageId })) {
      if (!isAdmin(actor) && rolesIn(actor, grant.villageId).length === 0) throw notFound('Village');
      throw new DomainError('forbidden', actor.kind === 'api_key' ? 'An API key grants only roles it holds itself' : 'Only a village admin of that village can grant its roles');
    }
    if (!(await tx.existsBy(Village, { id: grant.villageId }))) throw notFound('Village');
    if (grant.householdId && !(await tx.existsBy(Household, { id: grant.householdId, villageId: grant.villageId }))) throw notFound('Household');
  }
}

/** The villages a change of these grants concerns; null stands for the global (admin) chain. */
export function villagesOf(...grantSets: Pick<RoleGrant, 'villageId'>[][]): (string | null)[] {
  return [...new Set(grantSets.flat().map((g) => g.villageId ?? null))];
}

type GrantLike = { role: string; villageId?: string | null; householdId?: string | null };
const grantKey = (g: GrantLike): string => `${g.role}/${g.villageId ?? ''}/${g.householdId ?? ''}`;

/** Grants without repeats, in the order given. */
export function distinctGrants<T extends GrantLike>(grants: T[]): T[] {
  return [...new Map(grants.map((g) => [grantKey(g), g])).values()];
}

/** The same set of grants, whatever the order and repeats. */
export function sameGrants(a: GrantLike[], b: GrantLike[]): boolean {
  const left = new Set(a.map(grantKey));
  const right = new Set(b.map(grantKey));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
