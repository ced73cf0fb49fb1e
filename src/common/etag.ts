import { DomainError } from './errors';

/** Strong ETag of a row that carries a `version` bumped on every change. */
export const etagOf = (id: string, version: number): string => `"${id}.${version}"`;

/**
 * Optimistic concurrency for PATCH: with If-Match, the row must still be at that version
 * (412 precondition_failed otherwise); `*` matches any version. The caller compares inside
 * the transaction that holds the row lock, so two writers cannot both pass.
 */
export function assertIfMatch(ifMatch: string | undefined, id: string, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = etagOf(id, version);
  const given = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!given.includes(current)) {
    throw new DomainError('precondition_failed', 'The resource changed since you read it (stale If-Match); read it again');
  }
}
