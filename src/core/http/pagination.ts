import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/errors';
import { isStorableText } from './json-body';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** OpenAPI schema of `{ items, nextCursor }` for one item type. */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  class PageDto {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageDto;
}

/**
 * Keyset cursors: the sort key of the last row, as base64url JSON. Stable under
 * concurrent inserts because a page never depends on an offset.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What one slot of a cursor holds, so a cursor a client crafted is refused here (400) and
 * never reaches PostgreSQL as a value its column type cannot take (which answered 500):
 * - `text`: any text a column can store (no NUL, no lone surrogate);
 * - `uuid`: a row id;
 * - `timestamp`: a timestamptz as PostgreSQL prints it (`2026-11-29 08:15:02.123456+00`);
 * - `bigint`: a non-negative 64-bit integer in decimal (sequences, bigint ids);
 * - `hex`: bytes in lower-case hex (a keyed hash);
 * - `number`: a finite JSON number.
 */
export type CursorSlot = 'text' | 'uuid' | 'timestamp' | 'bigint' | 'hex' | 'number';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?(?::(\d{2}))?)?$/;
const BIGINT_MAX = 9223372036854775807n;

function validTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes, offsetSeconds] = m.slice(7, 10).map((v) => (v === undefined ? 0 : Number(v)));
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59 &&
    offsetSeconds <= 59
  );
}

function slotHolds(slot: CursorSlot, value: unknown): boolean {
  if (slot === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (typeof value !== 'string' || !isStorableText(value)) return false;
  switch (slot) {
    case 'text':
      return true;
    case 'uuid':
      return UUID.test(value);
    case 'timestamp':
      return validTimestamp(value);
    case 'bigint':
      return /^(0|[1-9]\d{0,18})$/.test(value) && BigInt(value) <= BIGINT_MAX;
    case 'hex':
      return /^(?:[0-9a-f]{2})+$/.test(value);
  }
}

/** The key of a cursor this list returned; 400 `validation_failed` for anything else (malformed, tampered, or from another list). */
export function decodeCursor(cursor: string | undefined, slots: readonly CursorSlot[]): (string | number)[] | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== slots.length || key.some((v, i) => !slotHolds(slots[i], v))) {
    throw new DomainError('validation_failed', 'cursor is not a cursor this list returned', {
      errors: [{ field: 'cursor', message: 'invalid cursor' }],
    });
  }
  return key as (string | number)[];
}

/** Takes `limit + 1` rows, returns `limit` of them and the cursor of the last one if more exist. */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
