import type { EntityManager } from 'typeorm';

/**
 * Whether a household exists in a village, for a resident grant about to be handed out. The
 * residents module provides it (households are its table); users only name it here, since
 * residents build on users and not the other way round.
 */
export abstract class HouseholdCheck {
  abstract inVillage(tx: EntityManager, householdId: string, villageId: string): Promise<boolean>;
}
