/** Roles granted per village; `admin` is global (its grant has no village). */
export const ROLES = ['admin', 'village_admin', 'panel_member', 'clerk', 'auditor', 'resident'] as const;
export type Role = (typeof ROLES)[number];
export const VILLAGE_ROLES = ROLES.filter((r) => r !== 'admin') as Exclude<Role, 'admin'>[];

export interface RoleGrant {
  role: Role;
  /** null only for `admin`. */
  villageId: string | null;
  /** For `resident`: the household the user belongs to. */
  householdId?: string | null;
}
