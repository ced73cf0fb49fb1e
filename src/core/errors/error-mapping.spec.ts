import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from './errors';
import { isDatabaseUnavailable, toDomainError } from './error-mapping';

describe('database errors that mean "unavailable"', () => {
  it('maps a connection lost mid-transaction (TypeORM released the runner) to 503 unavailable', () => {
    // pg_terminate_backend under an open transaction: TypeORM releases the runner on the
    // connection's error event, and the handler's next query throws this instead.
    const mapped = toDomainError(new QueryRunnerAlreadyReleasedError());
    expect(mapped).toBeInstanceOf(DomainError);
    expect(mapped?.code).toBe('unavailable');
    expect(toDomainError(new QueryRunnerProviderAlreadyReleasedError())?.code).toBe('unavailable');
  });

  it('maps terminated backends, refused and reset connections', () => {
    const terminated = new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves other database errors alone (a unique violation is not an outage)', () => {
    const unique = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(toDomainError(new Error('boom'))).toBeNull();
  });
});
