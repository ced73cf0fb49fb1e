import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpsError, findPgTool } from './pg-tools';

/** A stand-in program that answers --version like pg_dump of the given version. */
function fakePgDump(dir: string, version: string): string {
  const path = join(dir, `pg_dump-${version}`);
  writeFileSync(path, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version} (Debian ${version}-1)"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('findPgTool', () => {
  let dir: string;
  const saved = process.env.PG_DUMP;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jifen-pgtools-'))));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.PG_DUMP;
    else process.env.PG_DUMP = saved;
  });

  it('takes PG_DUMP when it is new enough for the server', () => {
    process.env.PG_DUMP = fakePgDump(dir, '17.2');
    expect(findPgTool('pg_dump', 16, 'the backup')).toEqual({ path: process.env.PG_DUMP, major: 17, version: '17.2' });
    expect(findPgTool('pg_dump', 17, 'the backup').major).toBe(17);
  });

  it('refuses, in one line naming PG_DUMP, one older than the server or no pg_dump at all', () => {
    process.env.PG_DUMP = fakePgDump(dir, '15.20');
    expect(() => findPgTool('pg_dump', 18, 'the backup of a PostgreSQL 18.4 server')).toThrow(
      new OpsError(`PG_DUMP: ${process.env.PG_DUMP} is pg_dump 15.20, but the backup of a PostgreSQL 18.4 server needs pg_dump 18 or newer`),
    );
    process.env.PG_DUMP = '/bin/true';
    expect(() => findPgTool('pg_dump', 15, 'x')).toThrow('PG_DUMP: /bin/true is not a runnable pg_dump');
  });

  it('without PG_DUMP, names what is installed and what to install', () => {
    delete process.env.PG_DUMP;
    let message = '';
    try {
      findPgTool('pg_dump', 99, 'the backup of a PostgreSQL 99.0 server');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^the backup of a PostgreSQL 99\.0 server needs pg_dump 99 or newer and (found only pg_dump .+|no pg_dump is installed); install the PostgreSQL 99 client programs .+ or set PG_DUMP to such a pg_dump$/);
    expect(message).not.toContain('\n');
  });
});
