import { DataSource, EntityManager } from 'typeorm';

/** Deadlock and serialization failures: the whole transaction may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
export const MAX_TRANSACTION_ATTEMPTS = 4;

export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `work` in one database transaction, again (up to MAX_TRANSACTION_ATTEMPTS in all)
 * when PostgreSQL aborts it with a deadlock or serialization failure. Locks are taken in
 * one global order so deadlocks should not happen; this is the bounded safety net.
 */
export function inRetryingTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryingConflicts(() => dataSource.transaction(work));
}

/** Runs `attempt` again (MAX_TRANSACTION_ATTEMPTS in all, after a short random pause) while it fails with a deadlock or serialization failure. */
export async function retryingConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= MAX_TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * n));
    }
  }
}
