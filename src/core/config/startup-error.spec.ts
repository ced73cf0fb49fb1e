import { ConfigError } from './config';
import { failureReason, startupFailureLine } from './startup-error';

const URL_ = 'postgres://jifen:secret@db.example.org:6543/jifen';
const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('start-up failure lines', () => {
  it('a bad setting keeps its own wording', () => {
    expect(startupFailureLine(new ConfigError('PORT', 'must be an integer'), { step: 'config' })).toBe('jifen: invalid configuration: PORT: must be an integer');
  });

  it('names PORT for a port in use or a privileged one', () => {
    expect(startupFailureLine(pgError('EADDRINUSE'), { step: 'listen', port: 3000 })).toBe(
      'jifen: cannot start: PORT: 3000 is already in use by another program; stop it or set PORT to a free port',
    );
    expect(failureReason(pgError('EACCES'), { step: 'listen', port: 80 })).toBe('PORT: 80 needs privileges to listen on; set PORT to 1024 or above');
  });

  it('names DATABASE_URL with the host, user or database at fault, never the password', () => {
    const reason = (error: unknown) => failureReason(error, { step: 'database', databaseUrl: URL_ });
    const refused = Object.assign(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], ''), {});
    expect(reason(refused)).toBe('DATABASE_URL: nothing accepts connections at db.example.org:6543; start PostgreSQL there or correct the host and port');
    expect(reason(pgError('ENOTFOUND'))).toBe('DATABASE_URL: the host of db.example.org:6543 is not known; correct the host name');
    expect(reason(pgError('28P01'))).toBe('DATABASE_URL: PostgreSQL at db.example.org:6543 refused the password of user "jifen"; correct the password');
    expect(reason(pgError('3D000'))).toBe('DATABASE_URL: the database "jifen" does not exist on db.example.org:6543; create it (createdb jifen) or correct its name');
    expect(reason(pgError('42501', 'permission denied for schema public'))).toBe(
      `DATABASE_URL: user "jifen" may not create Jifen's tables in "jifen" (permission denied for schema public); make it the database's owner`,
    );
    expect(reason(new Error('Connection terminated due to connection timeout'))).toMatch(/^DATABASE_URL: db.example.org:6543 did not answer in time/);
    for (const e of [refused, pgError('28P01'), pgError('3D000')]) expect(reason(e)).not.toContain('secret');
  });

  it('an embedded-server failure keeps its DATA_DIR line; anything else is one line too', () => {
    const embedded = { step: 'database' as const, databaseUrl: null };
    expect(failureReason(new Error('DATA_DIR: /srv/x is inside /srv, which ...'), embedded)).toBe('DATA_DIR: /srv/x is inside /srv, which ...');
    expect(failureReason(new Error('disk full\n    at somewhere (file.js:1:2)'), embedded)).toBe(
      'DATA_DIR: the embedded PostgreSQL failed (disk full); check the disk, or set DATA_DIR to another folder',
    );
    expect(startupFailureLine(new Error('boom\n    at x (y.js:1:1)'), { step: 'listen', port: 1 })).toBe('jifen: cannot start: boom (LOG_LEVEL=debug shows the details)');
  });
});
