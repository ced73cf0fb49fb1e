import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors';
import { ResidentsRepository } from './residents.repository';

/**
 * A household's contact (党员包户) is a party member or cadre of the village: an active user
 * holding a role in that village itself (a township grant does not make one a villager).
 * Anyone else → 400 on contactUserId, without saying whether the user exists elsewhere.
 */
export async function assertContact(repo: ResidentsRepository, manager: EntityManager, villageId: string, userId: string): Promise<void> {
  if (!(await repo.isVillageContact(manager, villageId, userId))) {
    throw new DomainError('validation_failed', 'The contact must be an active user with a role in this village', {
      errors: [{ field: 'contactUserId', message: 'not an active user of this village' }],
    });
  }
}
