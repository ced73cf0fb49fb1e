import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The hourly budget of exact ID-number and phone searches, one row per search. */
@Injectable()
export class PersonalSearchRepository {
  /** Until the transaction ends: the caller's searches are counted one at a time, across processes. */
  async lockActor(tx: EntityManager, actorKey: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('jifen:personal-search:' || $1, 0))`, [actorKey]);
  }

  /** Drops the caller's searches made at or before `windowStart`, then counts the rest (and when the oldest was). */
  async countSince(tx: EntityManager, actorKey: string, windowStart: Date): Promise<{ n: number; oldest: Date | null }> {
    await tx.query(`DELETE FROM personal_searches WHERE actor_key = $1 AND searched_at <= $2`, [actorKey, windowStart]);
    const [used]: { n: number; oldest: Date | null }[] = await tx.query(`SELECT count(*)::int AS n, min(searched_at) AS oldest FROM personal_searches WHERE actor_key = $1`, [
      actorKey,
    ]);
    return used;
  }
}
