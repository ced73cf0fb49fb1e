import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { RoleGrant } from './roles';

/** The user columns the guard needs on every request, with their current grants. */
export interface UserAccessRow {
  username: string;
  status: string;
  must_change_password: boolean;
  grants: RoleGrant[];
}

/** A usable API key (not revoked or expired, its user active) and its grants. */
export interface ApiKeyAccessRow {
  id: string;
  name: string;
  grants: RoleGrant[];
}

/** The SQL of sessions, login failures and API keys that is more than a one-line entity call. */
@Injectable()
export class AuthRepository {
  /** One login, or one guess, at a time per username, so racing guesses cannot slip past the counter. */
  async lockUsername(tx: EntityManager, username: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${username}`]);
  }

  /**
   * When the failure that would be the last one allowed happened, per scope: for the
   * username from this address (its `perUsername`-th newest since `since`) and for the
   * address across usernames (its `perIp`-th newest); null where there are fewer.
   */
  async limitingFailures(
    tx: EntityManager,
    username: string,
    ip: string,
    since: Date,
    perUsername: number,
    perIp: number,
  ): Promise<{ scope: string; nth: Date | null }[]> {
    return tx.query(
      `SELECT 'username' AS scope, (SELECT attempted_at FROM login_failures WHERE username = $1 AND ip = $2 AND attempted_at > $3
                                    ORDER BY attempted_at DESC OFFSET $4 - 1 LIMIT 1) AS nth
       UNION ALL
       SELECT 'ip', (SELECT attempted_at FROM login_failures WHERE ip = $2 AND attempted_at > $3
                     ORDER BY attempted_at DESC OFFSET $5 - 1 LIMIT 1)`,
      [username, ip, since, perUsername, perIp],
    );
  }

  /** Counts a failure, and removes up to `purge` rows older than `expiredBefore` in the same statement. */
  async insertLoginFailure(tx: EntityManager, username: string, ip: string, now: Date, expiredBefore: Date, purge: number): Promise<void> {
    await tx.query(
      `WITH expired AS (DELETE FROM login_failures WHERE id IN (
                          SELECT id FROM login_failures WHERE attempted_at <= $4 ORDER BY attempted_at LIMIT $5))
       INSERT INTO login_failures (username, ip, attempted_at) VALUES ($1, $2, $3)`,
      [username, ip, now, expiredBefore, purge],
    );
  }

  /** Ends these sessions (those still open); returns each with its user. */
  async endSessions(tx: EntityManager, ids: string[], at: Date): Promise<{ id: string; user_id: string; username: string }[]> {
    return tx.query(
      `WITH ended AS (UPDATE auth_sessions SET revoked_at = $2 WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL RETURNING id, user_id)
       SELECT ended.id, ended.user_id, u.username FROM ended JOIN users u ON u.id = ended.user_id`,
      [ids, at],
    );
  }

  /** Ends the user's open sessions but `keep`; returns the ids ended. */
  async endOtherSessions(tx: EntityManager, userId: string, keep: string, at: Date): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      'WITH ended AS (UPDATE auth_sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id) SELECT id FROM ended',
      [userId, keep, at],
    );
    return rows.map((r) => r.id);
  }

  /** Ends every open session of the user, as of the transaction's start; returns the ids ended. */
  async endSessionsOfUser(tx: EntityManager, userId: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      'WITH ended AS (UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM ended',
      [userId],
    );
    return rows.map((r) => r.id);
  }

  async sessionState(manager: EntityManager, id: string): Promise<{ user_id: string; revoked: boolean } | null> {
    const rows: { user_id: string; revoked: boolean }[] = await manager.query('SELECT user_id, revoked_at IS NOT NULL AS revoked FROM auth_sessions WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  /** The user with their grants in one query; a township grant lists its villages as of now. */
  async userAccess(manager: EntityManager, id: string): Promise<UserAccessRow | null> {
    const rows: UserAccessRow[] = await manager.query(
      `SELECT u.username, u.status, u.must_change_password,
              COALESCE(json_agg(json_build_object('role', g.role, 'villageId', g.village_id, 'householdId', g.household_id, 'townshipId', g.township_id,
                                                    'villageIds', CASE WHEN g.township_id IS NOT NULL THEN
                                                      (SELECT coalesce(array_agg(v.id ORDER BY v.id), '{}') FROM villages v WHERE v.township_id = g.township_id) END)
                                ORDER BY g.created_at, g.role, g.village_id, g.id) FILTER (WHERE g.id IS NOT NULL), '[]') AS grants
       FROM users u LEFT JOIN role_grants g ON g.user_id = u.id WHERE u.id = $1 GROUP BY u.id`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * The key with this hash, if it works now: not revoked, not expired, and the user it
   * derives from is active. Notes its use, at most once per `lastUsedResolution` (an
   * interval), so a busy key does not rewrite its row on every request.
   */
  async usableApiKey(manager: EntityManager, keyHash: string, now: Date, lastUsedResolution: string): Promise<ApiKeyAccessRow | null> {
    const rows: ApiKeyAccessRow[] = await manager.query(
      `WITH key AS (SELECT k.id, k.name FROM api_keys k LEFT JOIN users o ON o.id = k.owner_user_id
                    WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2)
                      AND (k.owner_user_id IS NULL OR o.status = 'active')),
            touch AS (UPDATE api_keys SET last_used_at = now()
                      WHERE id = (SELECT id FROM key) AND (last_used_at IS NULL OR last_used_at < now() - interval '${lastUsedResolution}'))
       SELECT key.id, key.name,
              COALESCE((SELECT json_agg(json_build_object('role', g.role, 'villageId', g.village_id, 'householdId', g.household_id))
                        FROM role_grants g WHERE g.api_key_id = key.id), '[]') AS grants
       FROM key`,
      [keyHash, now],
    );
    return rows[0] ?? null;
  }

  /** API keys by id after `after`; with `villages`, only keys whose every grant is in one of them. */
  async apiKeysPage(manager: EntityManager, after: string | null, villages: string[] | null, limit: number): Promise<ApiKey[]> {
    const qb = manager.getRepository(ApiKey).createQueryBuilder('k').orderBy('k.id', 'ASC').limit(limit);
    if (after !== null) qb.andWhere('k.id > :after', { after });
    if (villages) {
      qb.andWhere('NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.api_key_id = k.id AND (g.village_id IS NULL OR NOT (g.village_id = ANY(:villages))))', { villages });
    }
    return qb.getMany();
  }

  /** Revokes the key and every key minted from it, transitively (those not yet revoked); returns their ids. */
  async revokeKeyAndMinted(tx: EntityManager, id: string, at: Date): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `WITH RECURSIVE minted (id) AS (
         SELECT $1::uuid UNION SELECT k.id FROM api_keys k JOIN minted m ON k.parent_key_id = m.id)
       , ended AS (UPDATE api_keys SET revoked_at = $2 WHERE id IN (SELECT id FROM minted) AND revoked_at IS NULL RETURNING id)
       SELECT id FROM ended`,
      [id, at],
    );
    return rows.map((r) => r.id);
  }
}
