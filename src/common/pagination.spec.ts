import { DomainError } from './errors';
import { decodeCursor, encodeCursor, pageOf } from './pagination';

describe('keyset pagination', () => {
  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor(['2026-11-01', 42]), ['string', 'number'])).toEqual(['2026-11-01', 42]);
  });

  it('rejects a cursor of the wrong shape as validation_failed', () => {
    for (const bad of ['garbage', encodeCursor([1]), encodeCursor(['a', 'b']), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeCursor(bad, ['string', 'number'])).toThrow(DomainError);
    }
  });

  it('returns limit items and a cursor only when more rows exist', () => {
    const rows = [1, 2, 3, 4];
    const more = pageOf(rows, 3, (r) => [r], (r) => r * 10);
    expect(more).toEqual({ items: [10, 20, 30], nextCursor: encodeCursor([3]) });
    expect(pageOf(rows.slice(0, 3), 3, (r) => [r], (r) => r)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
