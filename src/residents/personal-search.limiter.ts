import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { PersonalSearchLog } from './entities/personal-search-log.entity';
import { PersonalSearchRepository } from './personal-search.repository';
import { PersonalSearch } from './residents.repository';

/** Exact ID-number or phone searches one masked-view caller may make in an hour. */
export const PERSONAL_SEARCHES_PER_HOUR = 30;
const HOUR_MS = 3600_000;

/**
 * A caller who sees ID numbers and phones masked could otherwise recover one: the masked
 * form leaves a few thousand candidates for an ID number (10,000 for a phone), and an exact
 * search answers "is it this one?". So each such search is counted against an hourly budget
 * (429 `rate_limited` past it, with Retry-After) and written to the audit log with the
 * number masked and how many residents it found.
 */
@Injectable()
export class PersonalSearchLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: PersonalSearchRepository,
  ) {}

  /** Spends one search of the caller's budget, runs it, and audits it, in one transaction. */
  async run<T>(actor: Actor, villageId: string, search: PersonalSearch, list: string, find: (tx: EntityManager) => Promise<{ result: T; found: number }>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await this.spend(tx, actor, villageId);
      const { result, found } = await find(tx);
      await this.audit.record(tx, actor, 'resident.searched', { type: 'village', id: villageId, villageId }, null, { list, by: search.kind, q: search.masked, found });
      return result;
    });
  }

  /**
   * The caller's searches of the last hour, counted under a per-caller advisory lock (two
   * API processes cannot both take the 30th); rows older than the hour are dropped as it goes.
   */
  private async spend(tx: EntityManager, actor: Actor, villageId: string): Promise<void> {
    const actorKey = `${actor.kind}:${actor.id ?? actor.name}`;
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - HOUR_MS);
    await this.repo.lockActor(tx, actorKey);
    const used = await this.repo.countSince(tx, actorKey, windowStart);
    if (used.n >= PERSONAL_SEARCHES_PER_HOUR) {
      const retryAfter = Math.max(1, Math.ceil((used.oldest!.getTime() + HOUR_MS - now.getTime()) / 1000));
      throw new DomainError('rate_limited', `At most ${PERSONAL_SEARCHES_PER_HOUR} searches by ID number or phone an hour; retry in ${retryAfter} s`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    await tx.insert(PersonalSearchLog, { actorKey, villageId, searchedAt: now });
  }
}
