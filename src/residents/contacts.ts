import { EntityManager } from 'typeorm';
import { DomainError } from '../core/errors/errors';

/**
 * A household's contact (党员包户) is a party member or cadre of the village: an active user
 * holding a role in that village itself (a township grant does not make one a villager).
 * Anyone else → 400 on contactUserId, without saying whether the user exists elsewhere.
 */
export async function assertContact(manager: EntityManager, villageId: string, userId: string): Promise<void> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM users u WHERE u.id = $1 AND u.status = 'active'
       AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.village_id = $2)`,
    [userId, villageId],
  );
  if (!rows.length) {
    throw new DomainError('validation_failed', 'The contact must be an active user with a role in this village', {
      errors: [{ field: 'contactUserId', message: 'not an active user of this village' }],
    });
  }
}
