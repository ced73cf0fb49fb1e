import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The locks of the annual expiry: one run per village and year, one scheduler across processes. */
@Injectable()
export class ExpiryRepository {
  /** Until the transaction ends: a second run of the same village and year waits, then finds the first one's row. */
  async lockRun(tx: EntityManager, villageId: string, year: number): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`expiry:${villageId}:${year}`]);
  }

  /** A session lock on the manager's own connection (a query runner's): held across the scheduler's transactions. */
  async tryLockSession(session: EntityManager, key: number): Promise<boolean> {
    const [{ locked }]: { locked: boolean }[] = await session.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    return locked;
  }

  async unlockSession(session: EntityManager, key: number): Promise<void> {
    await session.query('SELECT pg_advisory_unlock($1)', [key]);
  }
}
