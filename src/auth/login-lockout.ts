import { EntityManager } from 'typeorm';
import { DomainError } from '../core/errors/errors';

export const LOCKOUT_WINDOW_MS = 10 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;
/** Expired failure rows removed per failed login: bounded work, and the table stays as small as its window. */
const PURGE_BATCH = 100;

/**
 * Counters live in PostgreSQL so that every API process enforces the same limit. A username
 * is limited per client address (failures elsewhere do not lock its owner out), an address
 * across all usernames. Throws 429 with Retry-After while either is over its limit.
 */
export async function assertNotLockedOut(tx: EntityManager, username: string, ip: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  const rows: { scope: string; nth: Date | null }[] = await tx.query(
    `SELECT 'username' AS scope, (SELECT attempted_at FROM login_failures WHERE username = $1 AND ip = $2 AND attempted_at > $3
                                  ORDER BY attempted_at DESC OFFSET $4 - 1 LIMIT 1) AS nth
     UNION ALL
     SELECT 'ip', (SELECT attempted_at FROM login_failures WHERE ip = $2 AND attempted_at > $3
                   ORDER BY attempted_at DESC OFFSET $5 - 1 LIMIT 1)`,
    [username, ip, since, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_PER_IP],
  );
  // The limit lifts when the oldest failure that still counts leaves the window.
  const until = rows.filter((r) => r.nth).map((r) => new Date(r.nth as Date).getTime() + LOCKOUT_WINDOW_MS);
  if (until.length) {
    const retryAfter = Math.max(1, Math.ceil((Math.max(...until) - now.getTime()) / 1000));
    throw new DomainError('rate_limited', `Too many failed logins; retry in ${retryAfter} s`, { headers: { 'Retry-After': String(retryAfter) } });
  }
}

/** Counts a failure, and removes a bounded batch of rows that no longer count. */
export async function recordLoginFailure(tx: EntityManager, username: string, ip: string, now: Date): Promise<void> {
  await tx.query(
    `WITH expired AS (DELETE FROM login_failures WHERE id IN (
                        SELECT id FROM login_failures WHERE attempted_at <= $4 ORDER BY attempted_at LIMIT ${PURGE_BATCH}))
     INSERT INTO login_failures (username, ip, attempted_at) VALUES ($1, $2, $3)`,
    [username, ip, now, new Date(now.getTime() - LOCKOUT_WINDOW_MS)],
  );
}

/** One login, or one guess, at a time per username, so racing guesses cannot slip past the counter. */
export async function lockUsername(tx: EntityManager, username: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${username}`]);
}
