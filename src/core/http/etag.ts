import { DomainError } from '../errors/errors';

/** A response body with the ETag of the row it came from. */
export interface WithEtag<T> {
  body: T;
  etag: string;
}

/** Strong ETag of a row that carries a `version` bumped on every change. */
export const etagOf = (id: string, version: number): string => `"${id}.${version}"`;

/**
 * Optimistic concurrency for PATCH: with If-Match, the row must still be at that version
 * (412 precondition_failed, with the current ETag, otherwise); `*` or no header: no check.
 * Callers compare inside the transaction that holds the row lock, so two writers cannot
 * both pass.
 */
export function assertIfMatch(ifMatch: string | undefined, id: string, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = etagOf(id, version);
  const given = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!given.includes(current)) {
    throw new DomainError('precondition_failed', 'The resource changed since you read it (stale If-Match); read it again', { headers: { ETag: current } });
  }
}
