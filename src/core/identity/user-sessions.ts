import { EntityManager } from 'typeorm';

/**
 * Ending a user's sessions when the user is disabled or given a new password. The auth module
 * owns the sessions and provides this; users inject it from here, so that users need nothing
 * of the login feature (which itself builds on users).
 */
export abstract class UserSessions {
  /** Revokes the user's open sessions inside tx; answers their ids (for AccessChanges.forget after the commit). */
  abstract endSessionsOfUser(tx: EntityManager, userId: string): Promise<string[]>;
}
