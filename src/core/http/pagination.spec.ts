import { DomainError } from '../errors/errors';
import { decodeCursor, encodeCursor, pageOf } from './pagination';

describe('keyset pagination', () => {
  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor(['2026-11-01', 42]), ['text', 'number'])).toEqual(['2026-11-01', 42]);
  });

  it('rejects a cursor of the wrong shape as validation_failed', () => {
    for (const bad of ['garbage', encodeCursor([1]), encodeCursor(['a', 'b']), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeCursor(bad, ['text', 'number'])).toThrow(DomainError);
    }
  });

  it('checks each slot holds what its column can take', () => {
    const ok: [string, unknown][] = [
      ['text', 'Zhang 张'],
      ['uuid', '0f8fad5b-d9cb-469f-a165-70867728950e'],
      ['timestamp', '2026-11-29 08:15:02.123456+00'],
      ['timestamp', '2026-02-28 23:59:59+05:30'],
      ['bigint', '9223372036854775807'],
      ['number', 42],
    ];
    for (const [slot, value] of ok) expect(decodeCursor(encodeCursor([value as string]), [slot as 'text'])).toEqual([value]);
    const bad: [string, unknown][] = [
      ['text', 'a\u0000b'],
      ['text', '\uD800'],
      ['uuid', 'not-a-uuid'],
      ['timestamp', 'yesterday'],
      ['timestamp', '2026-02-30 00:00:00+00'],
      ['timestamp', '0000-01-01 00:00:00+00'],
      ['timestamp', '294277-01-01 00:00:00+00'],
      ['timestamp', '2026-01-01 24:00:00+00'],
      ['bigint', '9223372036854775808'],
      ['bigint', '-1'],
      ['bigint', '1e3'],
      ['number', '1'],
    ];
    for (const [slot, value] of bad) expect(() => decodeCursor(encodeCursor([value as string]), [slot as 'text'])).toThrow(DomainError);
  });

  it('returns limit items and a cursor only when more rows exist', () => {
    const rows = [1, 2, 3, 4];
    const more = pageOf(rows, 3, (r) => [r], (r) => r * 10);
    expect(more).toEqual({ items: [10, 20, 30], nextCursor: encodeCursor([3]) });
    expect(pageOf(rows.slice(0, 3), 3, (r) => [r], (r) => r)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
