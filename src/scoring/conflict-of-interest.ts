import { Actor, residentHouseholds } from '../core/identity/actor';
import { DomainError } from '../core/errors/errors';

/**
 * A user's own households in a village: those of their resident grants there. The grant is
 * the one link Jifen keeps between a login and a household (it is what a user sees as
 * theirs), so a panel member who lives in the village holds one for their household, and
 * these rules follow from it; a member without one has no household in the village to favour.
 * Every "is this my household" question of scoring asks here, so that refusing a rating,
 * a proposal or a resolution and leaving items out of a rating queue never disagree.
 */
export function ownHouseholds(actor: Actor, villageId: string): string[] {
  return residentHouseholds(actor, villageId);
}

/** 403 `conflict_of_interest` when any of the households is the actor's own. */
export function assertNotOwnHousehold(actor: Actor, villageId: string, householdIds: readonly string[], doing: 'rate' | 'propose' | 'resolve an objection to'): void {
  const own = ownHouseholds(actor, villageId);
  if (householdIds.some((id) => own.includes(id))) {
    throw new DomainError('conflict_of_interest', `Nobody may ${doing} an item of their own household: another member of the panel does`);
  }
}
