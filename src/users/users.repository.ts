import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from './user.entity';

/** Serialises the first-admin bootstrap of processes starting at once. */
const BOOTSTRAP_LOCK = 7_311_947_002;

/** A resident login as onboarding creates it: password already hashed. */
export interface ResidentLoginInsert {
  username: string;
  displayName: string;
  passwordHash: string;
}

/** The SQL of users and role grants that is more than a one-line entity call. */
@Injectable()
export class UsersRepository {
  async lockBootstrap(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
  }

  /** Locks the user's row: concurrent updates of one user apply one after the other. */
  async lockUser(tx: EntityManager, id: string): Promise<void> {
    await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
  }

  /**
   * Users by username after `after`; with `scope`, only those holding a grant in one of its
   * villages or townships.
   */
  async page(manager: EntityManager, after: string | null, scope: { villages: string[]; townships: string[] } | null, limit: number): Promise<User[]> {
    const qb = manager.getRepository(User).createQueryBuilder('u').orderBy('u.username', 'ASC').limit(limit);
    if (after !== null) qb.andWhere('u.username > :after', { after });
    if (scope) {
      qb.andWhere('EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND (g.village_id = ANY(:villages) OR g.township_id = ANY(:townships)))', scope);
    }
    return qb.getMany();
  }

  async existingUsernames(manager: EntityManager, usernames: string[]): Promise<string[]> {
    const rows: { username: string }[] = await manager.query('SELECT username FROM users WHERE username = ANY($1::text[])', [usernames]);
    return rows.map((r) => r.username);
  }

  /** One INSERT for all: active, and each must change the password at first login. */
  async insertResidentUsers(tx: EntityManager, logins: ResidentLoginInsert[], now: Date): Promise<{ id: string; username: string }[]> {
    return tx.query(
      `INSERT INTO users (username, display_name, password_hash, password_changed_at, status, must_change_password)
       SELECT u.username, u.display_name, u.password_hash, $4, 'active', true FROM unnest($1::text[], $2::text[], $3::text[]) AS u(username, display_name, password_hash)
       RETURNING id, username`,
      [logins.map((l) => l.username), logins.map((l) => l.displayName), logins.map((l) => l.passwordHash), now],
    );
  }

  /** The resident role of each user (userIds[i]) for their household (householdIds[i]). */
  async insertResidentGrants(tx: EntityManager, villageId: string, userIds: string[], householdIds: string[]): Promise<void> {
    await tx.query(
      `INSERT INTO role_grants (user_id, role, village_id, household_id) SELECT g.user_id, 'resident', $3, g.household_id FROM unnest($1::uuid[], $2::uuid[]) AS g(user_id, household_id)`,
      [userIds, householdIds, villageId],
    );
  }
}
