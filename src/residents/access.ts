import { Actor, assertVillageRole, hasRoleIn, residentHouseholds } from '../core/identity/actor';
import { Role } from '../core/identity/roles';

/** Village staff who may read the whole roster. */
export const ROSTER_READERS: Role[] = ['village_admin', 'clerk', 'auditor', 'panel_member'];

/**
 * Which households of a village the actor may read: all of them for staff, only their own
 * for a resident user; 404 for someone with no role there (see assertVillageRole).
 */
export function readScope(actor: Actor, villageId: string, what: string): 'all' | string[] {
  assertVillageRole(actor, villageId, [...ROSTER_READERS, 'resident'], what);
  if (hasRoleIn(actor, villageId, ROSTER_READERS)) return 'all';
  return residentHouseholds(actor, villageId);
}

export function canRead(scope: 'all' | string[], householdId: string): boolean {
  return scope === 'all' || scope.includes(householdId);
}
