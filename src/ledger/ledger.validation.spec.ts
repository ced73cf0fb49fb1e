import fc from 'fast-check';
import { SYSTEM_ACTOR } from '../core/identity/actor';
import { DomainError } from '../core/errors/errors';
import { validatePosting } from './ledger.validation';
import { PostingRequest } from './ledger.types';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const request = (entries: { accountId: string; amount: number }[], extra: Partial<PostingRequest> = {}): PostingRequest => ({
  villageId: '00000000-0000-4000-8000-000000000001',
  kind: 'adjustment',
  memo: '补录',
  entries,
  createdBy: SYSTEM_ACTOR,
  ...extra,
});

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
}

describe('validatePosting', () => {
  it('accepts two or more entries summing to zero', () => {
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -5 }, { accountId: B, amount: 5 }])))).toBeNull();
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -5 }, { accountId: B, amount: 2 }, { accountId: C, amount: 3 }])))).toBeNull();
  });

  it('refuses fewer than two entries or a non-zero sum as unbalanced_transaction', () => {
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: 5 }])))).toBe('unbalanced_transaction');
    expect(codeOf(() => validatePosting(request([])))).toBe('unbalanced_transaction');
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -5 }, { accountId: B, amount: 4 }])))).toBe('unbalanced_transaction');
  });

  it('refuses zero, fractional, oversized amounts, a repeated account, a missing memo', () => {
    for (const amount of [0, 1.5, Number.NaN, 2e9]) {
      expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -amount }, { accountId: B, amount }])))).toBe('validation_failed');
    }
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -1 }, { accountId: A, amount: 1 }])))).toBe('validation_failed');
    expect(codeOf(() => validatePosting(request([{ accountId: A, amount: -1 }, { accountId: B, amount: 1 }], { memo: '' })))).toBe('validation_failed');
  });

  it('requires reversesId exactly for reversals', () => {
    const entries = [{ accountId: A, amount: -1 }, { accountId: B, amount: 1 }];
    expect(codeOf(() => validatePosting(request(entries, { kind: 'reversal' })))).toBe('validation_failed');
    expect(codeOf(() => validatePosting(request(entries, { reversesId: C })))).toBe('validation_failed');
    expect(codeOf(() => validatePosting(request(entries, { kind: 'reversal', reversesId: C })))).toBeNull();
  });

  it('accepts exactly the entry lists that sum to zero (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }).filter((n) => n !== 0), { minLength: 2, maxLength: 8 }), (amounts) => {
        const entries = amounts.map((amount, i) => ({ accountId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, amount }));
        const sum = amounts.reduce((x, y) => x + y, 0);
        expect(codeOf(() => validatePosting(request(entries)))).toBe(sum === 0 ? null : 'unbalanced_transaction');
      }),
    );
  });
});
