import { EntityManager, In } from 'typeorm';
import { Actor, isAdmin, rolesIn } from '../core/identity/actor';
import { RoleGrant, isTownshipRole } from '../core/identity/roles';
import { DomainError, notFound } from '../core/errors/errors';
import { Township } from '../townships/township.entity';
import { Village } from '../villages/village.entity';
import { RoleGrantDto } from './dto/user.dto';
import { HouseholdCheck } from './household-check';

type GrantScope = Pick<RoleGrant, 'role' | 'villageId'> & { townshipId?: string | null };

/** A village admin of the village, or a township admin of its township. */
const administers = (actor: Actor, villageId: string | null | undefined): boolean =>
  !!villageId &&
  actor.grants.some((g) => (g.role === 'village_admin' && g.villageId === villageId) || (g.role === 'township_admin' && (g.villageIds ?? []).includes(villageId)));

const administersTownship = (actor: Actor, townshipId: string | null | undefined): boolean =>
  !!townshipId && actor.grants.some((g) => g.role === 'township_admin' && g.townshipId === townshipId);

/** Whether the grant is in the caller's care: its village, or its township (township roles). */
const inCare = (actor: Actor, grant: GrantScope): boolean =>
  isTownshipRole(grant.role) ? administersTownship(actor, grant.townshipId) : administers(actor, grant.villageId);

/**
 * Whether the actor could hand out this grant: admin anything; a village_admin the village
 * roles of a village they administer; a township_admin the village roles of its villages and
 * the township roles of its township (never admin, never another township's). An API key
 * hands out only grants it holds itself, so a key that provisions accounts cannot mint a
 * clerk key (or user) and start selling.
 */
export function canGrant(actor: Actor, grant: GrantScope): boolean {
  if (isAdmin(actor)) return true;
  if (grant.role === 'admin' || !inCare(actor, grant)) return false;
  if (actor.kind === 'api_key') return actor.grants.some((g) => g.role === grant.role && g.villageId === grant.villageId);
  return true;
}

/**
 * Managing a user or a key (reading it, changing it, resetting its password, revoking it)
 * takes the power to grant every role it holds: otherwise a village admin of A could take
 * over an account that also acts in village B. 404 when the caller administers none of its
 * villages or townships (nothing to see there, as for any resource of another village); 403
 * when they share one but cannot grant all of it.
 */
export function assertCanManage(actor: Actor, grants: RoleGrant[], what: string): void {
  if (isAdmin(actor)) return;
  if (!grants.some((g) => inCare(actor, g))) throw notFound(what);
  if (!grants.every((g) => canGrant(actor, g))) {
    throw new DomainError('forbidden', `Managing this ${what.toLowerCase()} takes the power to grant every role it holds`);
  }
}

const invalid = (message: string, field: string, detail: string) => new DomainError('validation_failed', message, { errors: [{ field, message: detail }] });

/**
 * Checks grants about to be handed out: their shape (400), the caller's power to grant each
 * (403, or 404 for a village or township where the caller has no role), and that the
 * village or township and a resident's household exist, the household in that village
 * (404). Shared with API keys.
 */
export async function checkGrantable(tx: EntityManager, actor: Actor, grants: RoleGrantDto[], households: HouseholdCheck): Promise<void> {
  for (const [index, grant] of grants.entries()) {
    const field = `roles.${index}.villageId`;
    if (grant.role !== 'resident' && grant.householdId) throw invalid('householdId goes with the resident role only', `roles.${index}.householdId`, 'only for resident');
    if (!isTownshipRole(grant.role) && grant.townshipId) throw invalid('townshipId goes with the township roles only', `roles.${index}.townshipId`, 'only for township_admin and township_officer');
    if (grant.role === 'admin') {
      if (grant.villageId) throw invalid('admin is global: give no villageId', field, 'must be absent for admin');
      if (!canGrant(actor, { role: 'admin', villageId: null })) throw new DomainError('forbidden', 'Only an admin can grant admin');
      continue;
    }
    if (isTownshipRole(grant.role)) {
      if (grant.villageId) throw invalid(`${grant.role} is granted per township: give townshipId, not villageId`, field, 'must be absent for a township role');
      if (!grant.townshipId) throw invalid(`${grant.role} needs a townshipId`, `roles.${index}.townshipId`, 'required for this role');
      if (!canGrant(actor, { role: grant.role, villageId: null, townshipId: grant.townshipId })) {
        if (!isAdmin(actor) && !actor.grants.some((g) => g.townshipId === grant.townshipId)) throw notFound('Township');
        throw new DomainError('forbidden', 'Only a township admin of that township can grant its roles');
      }
      if (!(await tx.existsBy(Township, { id: grant.townshipId }))) throw notFound('Township');
      continue;
    }
    if (!grant.villageId) throw invalid(`${grant.role} needs a villageId`, field, 'required for this role');
    if (!canGrant(actor, { role: grant.role, villageId: grant.villageId })) {
      if (!isAdmin(actor) && rolesIn(actor, grant.villageId).length === 0) throw notFound('Village');
      throw new DomainError('forbidden', actor.kind === 'api_key' ? 'An API key grants only roles it holds itself' : 'Only a village admin of that village can grant its roles');
    }
    if (!(await tx.existsBy(Village, { id: grant.villageId }))) throw notFound('Village');
    if (grant.householdId && !(await households.inVillage(tx, grant.householdId, grant.villageId))) throw notFound('Household');
  }
}

/**
 * The villages a change of these grants concerns, for the audit chains: a township grant
 * concerns every village of its township (its township admins read those chains); null
 * stands for the global (admin) chain, which also takes a grant of a township without villages.
 */
export async function villagesOf(manager: EntityManager, ...grantSets: Pick<RoleGrant, 'villageId' | 'townshipId'>[][]): Promise<(string | null)[]> {
  const grants = grantSets.flat();
  const townships = [...new Set(grants.map((g) => g.townshipId).filter((t): t is string => !!t))];
  const villages = townships.length ? await manager.find(Village, { select: { id: true, townshipId: true }, where: { townshipId: In(townships) } }) : [];
  const chains = grants.flatMap((g) => {
    if (!g.townshipId) return [g.villageId ?? null];
    const mine = villages.filter((v) => v.townshipId === g.townshipId).map((v) => v.id);
    return mine.length ? mine : [null];
  });
  return [...new Set(chains)];
}

type GrantLike = { role: string; villageId?: string | null; householdId?: string | null; townshipId?: string | null };
const grantKey = (g: GrantLike): string => `${g.role}/${g.villageId ?? ''}/${g.householdId ?? ''}/${g.townshipId ?? ''}`;

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
