import { MAX_TRANSACTION_ATTEMPTS, inRetryingTransaction, isRetryableTransactionError } from './retrying';
import { canonicalJson, requestHash } from './request-hash';

describe('idempotency request hashing', () => {
  it('hashes the same request the same, whatever the key order', () => {
    const a = { body: { villageId: 'v', entries: [{ accountId: 'x', amount: -1 }, { accountId: 'y', amount: 1 }], memo: 'm' }, params: {} };
    const b = { params: {}, body: { memo: 'm', entries: [{ amount: -1, accountId: 'x' }, { amount: 1, accountId: 'y' }], villageId: 'v' } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells different requests apart: another amount, another entry order, another route param', () => {
    const base = { body: { entries: [{ accountId: 'x', amount: -1 }, { accountId: 'y', amount: 1 }] }, params: { id: '1' } };
    expect(requestHash(base)).not.toBe(requestHash({ ...base, body: { entries: [{ accountId: 'x', amount: -2 }, { accountId: 'y', amount: 2 }] } }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, body: { entries: [...base.body.entries].reverse() } }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, params: { id: '2' } }));
  });

  it('writes the same canonical text as before it was rewritten for speed (keys stored in the database keep their hashes)', () => {
    // The earlier implementation, verbatim.
    const before = (value: unknown): string => {
      if (value === undefined) return 'null';
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map(before).join(',')}]`;
      const entries = Object.keys(value as object)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${before((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(',')}}`;
    };
    const leaves = [0, -1, 1.5, 'a', '基准"奖励\\', '', true, false, null, undefined];
    const keys = ['b', 'a', 'Z', '积分', 'a b', '"q"', '10', '2'];
    const random = (depth: number): unknown => {
      const roll = Math.random();
      if (depth > 3 || roll < 0.4) return leaves[Math.floor(Math.random() * leaves.length)];
      if (roll < 0.7) return Array.from({ length: Math.floor(Math.random() * 4) }, () => random(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(Math.random() * 5) }, () => [keys[Math.floor(Math.random() * keys.length)], random(depth + 1)]));
    };
    for (let i = 0; i < 3000; i++) {
      const value = random(0);
      expect(canonicalJson(value)).toBe(before(value));
    }
  });

  it('retries deadlocks and serialization failures only', () => {
    expect(isRetryableTransactionError({ code: '40P01' })).toBe(true);
    expect(isRetryableTransactionError({ driverError: { code: '40001' } })).toBe(true);
    expect(isRetryableTransactionError({ code: '23505' })).toBe(false);
    expect(isRetryableTransactionError(new Error('boom'))).toBe(false);
  });
});

describe('inRetryingTransaction', () => {
  const failing = (failures: number, code = '40P01') => {
    let calls = 0;
    const dataSource = {
      transaction: async (work: (tx: unknown) => Promise<unknown>) => {
        calls++;
        if (calls <= failures) throw Object.assign(new Error('deadlock detected'), { code });
        return work({});
      },
    };
    return { dataSource: dataSource as never, calls: () => calls };
  };

  it('runs the transaction again after a deadlock, a bounded number of times', async () => {
    const twice = failing(2);
    await expect(inRetryingTransaction(twice.dataSource, async () => 'posted')).resolves.toBe('posted');
    expect(twice.calls()).toBe(3);
    const always = failing(100, '40001');
    await expect(inRetryingTransaction(always.dataSource, async () => 'never')).rejects.toThrow('deadlock detected');
    expect(always.calls()).toBe(MAX_TRANSACTION_ATTEMPTS);
  });

  it('does not retry other errors', async () => {
    const unique = failing(1, '23505');
    await expect(inRetryingTransaction(unique.dataSource, async () => 'x')).rejects.toThrow();
    expect(unique.calls()).toBe(1);
  });
});
