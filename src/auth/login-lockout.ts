import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors';
import { AuthRepository } from './auth.repository';

export const LOCKOUT_WINDOW_MS = 10 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;
/** Expired failure rows removed per failed login: bounded work, and the table stays as small as its window. */
const PURGE_BATCH = 100;

/**
 * Counters live in PostgreSQL so that every API process enforces the same limit. A username
 * is limited per client address (failures elsewhere do not lock its owner out), an address
 * across all usernames.
 */
@Injectable()
export class LoginLockout {
  constructor(private readonly repo: AuthRepository) {}

  /** Throws 429 with Retry-After while the username (from this address) or the address is over its limit. */
  async assertNotLockedOut(tx: EntityManager, username: string, ip: string, now: Date): Promise<void> {
    const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
    const rows = await this.repo.limitingFailures(tx, username, ip, since, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_PER_IP);
    // The limit lifts when the oldest failure that still counts leaves the window.
    const until = rows.filter((r) => r.nth).map((r) => new Date(r.nth as Date).getTime() + LOCKOUT_WINDOW_MS);
    if (until.length) {
      const retryAfter = Math.max(1, Math.ceil((Math.max(...until) - now.getTime()) / 1000));
      throw new DomainError('rate_limited', `Too many failed logins; retry in ${retryAfter} s`, { headers: { 'Retry-After': String(retryAfter) } });
    }
  }

  /** Counts a failure, and removes a bounded batch of rows that no longer count. */
  async recordFailure(tx: EntityManager, username: string, ip: string, now: Date): Promise<void> {
    await this.repo.insertLoginFailure(tx, username, ip, now, new Date(now.getTime() - LOCKOUT_WINDOW_MS), PURGE_BATCH);
  }

  /** One login, or one guess, at a time per username, so racing guesses cannot slip past the counter. */
  lockUsername(tx: EntityManager, username: string): Promise<void> {
    return this.repo.lockUsername(tx, username);
  }
}
