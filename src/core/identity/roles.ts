/**
 * Roles granted per village; `admin` is global (its grant has no village); the township
 * roles are granted per township and act in every village of it.
 */
export const ROLES = ['admin', 'village_admin', 'panel_member', 'clerk', 'auditor', 'resident', 'township_admin', 'township_officer'] as const;
export type Role = (typeof ROLES)[number];
export const TOWNSHIP_ROLES = ['township_admin', 'township_officer'] as const satisfies readonly Role[];
export type TownshipRole = (typeof TOWNSHIP_ROLES)[number];
export const VILLAGE_ROLES = ['village_admin', 'panel_member', 'clerk', 'auditor', 'resident'] as const satisfies readonly Role[];

export const isTownshipRole = (role: string): role is TownshipRole => (TOWNSHIP_ROLES as readonly string[]).includes(role);

export interface RoleGrant {
  role: Role;
  /** null for `admin` and the township roles. */
  villageId: string | null;
  /** For the township roles: the township. */
  townshipId?: string | null;
  /** For `resident`: the household the user belongs to. */
  householdId?: string | null;
  /**
   * For the township roles, as loaded with the caller's access: the villages of the township
   * then (a village joining or leaving a township drops the cached access, see AccessState).
   */
  villageIds?: string[] | null;
}
