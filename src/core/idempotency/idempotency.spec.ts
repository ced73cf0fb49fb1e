import { MAX_TRANSACTION_ATTEMPTS, canonicalJson, inRetryingTransaction, isRetryableTransactionError, requestHash } from './idempotency';

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
