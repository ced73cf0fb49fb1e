import { ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { bodyFastPathOf, createValidationPipe } from '../../common/validation';
import { DomainError } from '../../common/errors';
import { MAX_ENTRY_POINTS } from '../ledger.types';
import { CreateTransactionDto, EntryInputDto } from './ledger.dto';

const pipe = createValidationPipe();
const meta = { type: 'body' as const, metatype: CreateTransactionDto, data: '' };
const fast = bodyFastPathOf(CreateTransactionDto)!;

/** A body as the server parses it (JSON), in this realm. */
const parsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

/** The pipe's own answer (class-transformer and class-validator), without the compiled check. */
async function viaRules(body: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    // A copy: the pipe strips prototype keys and closes array gaps in place.
    return { ok: true, value: await ValidationPipe.prototype.transform.call(pipe, parsed(body), meta) };
  } catch (error) {
    return { ok: false, error };
  }
}

const uuid = fc.uuid();
const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}));
const amount = fc.oneof(
  fc.integer({ min: -MAX_ENTRY_POINTS - 2, max: MAX_ENTRY_POINTS + 2 }),
  fc.constantFrom(0, 1, -1, MAX_ENTRY_POINTS, -MAX_ENTRY_POINTS, MAX_ENTRY_POINTS + 1, 1.5, -0),
  anyValue,
);
const memo = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'a\u0000b', 'tab\there', '\u001b p', '基准奖励', '😀'.repeat(250), '😀'.repeat(251), 'x'.repeat(500), 'x'.repeat(501), 'x'.repeat(499) + '😀', '\uFE0F'.repeat(501)),
  anyValue,
);
/** A field object: all its fields, or some missing, or some of odd values, or an extra key. */
const objectOf = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(fields),
      fc.record(fields, { requiredKeys: [] }),
      fc.record(Object.fromEntries(Object.keys(fields).map((k) => [k, anyValue])), { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('extra', 'constructor', '__proto__', 'toString'), anyValue, { maxKeys: 1 }),
      fc.nat(9),
    )
    .map(([all, some, odd, extra, roll]) => (roll < 6 ? all : roll < 7 ? some : roll < 8 ? { ...all, ...odd } : { ...all, ...extra }));
const entry = fc.oneof({ weight: 8, arbitrary: objectOf({ accountId: fc.oneof(uuid, fc.string()), amount }) }, { weight: 1, arbitrary: anyValue });
const body = fc.oneof(
  { weight: 10, arbitrary: objectOf({ villageId: fc.oneof(uuid, fc.string(), fc.constant('00000000-0000-0000-0000-000000000000')), kind: fc.constantFrom('adjustment', 'transfer', 'award', 'ADJUSTMENT'), memo, entries: fc.oneof(fc.array(entry, { maxLength: 52 }), anyValue) }) },
  { weight: 1, arbitrary: anyValue },
);
const validBody = fc.record({
  villageId: uuid,
  kind: fc.constantFrom('adjustment', 'transfer'),
  memo: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }).filter((m) => !/\p{Cc}/u.test(m)),
  entries: fc.array(fc.record({ accountId: uuid, amount: fc.integer({ min: -MAX_ENTRY_POINTS, max: MAX_ENTRY_POINTS }) }), { maxLength: 50 }),
});

describe('CreateTransactionDto compiled check (the validation pipe’s fast path)', () => {
  it('accepts only bodies the class-validator rules accept, and builds the same instance', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body.map(parsed), async (value) => {
        const built = fast(parsed(value));
        if (built === null) return;
        accepted++;
        const rules = await viaRules(value);
        expect(rules).toEqual({ ok: true, value: built });
        expect(built).toBeInstanceOf(CreateTransactionDto);
        built.entries.forEach((e) => expect(e).toBeInstanceOf(EntryInputDto));
      }),
      { numRuns: 3000 },
    );
    // The generator reaches valid bodies too, not only refused ones.
    expect(accepted).toBeGreaterThan(20);
  });

  it('takes every valid body (so valid postings skip class-validator)', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (value) => {
        const built = fast(parsed(value));
        expect(built).not.toBeNull();
        expect(await viaRules(value)).toEqual({ ok: true, value: built });
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a refused body to the pipe, which answers its field errors', async () => {
    const value = { villageId: 'nope', kind: 'adjustment', memo: 'x', entries: [{ accountId: 'a', amount: 1.5 }], extra: 1 };
    expect(fast(value)).toBeNull();
    const error = (await pipe.transform(parsed(value), meta).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('validation_failed');
    expect((await viaRules(value)) as { error: unknown }).toEqual({ ok: false, error });
  });
});
