import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A usable error for the operator: printed as one line, exit code 1. */
export class OpsError extends Error {}

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  path: string;
  /** e.g. 15 */
  major: number;
  /** e.g. "15.20" */
  version: string;
}

const ENV_OF: Record<PgToolName, string> = { pg_dump: 'PG_DUMP', pg_restore: 'PG_RESTORE' };

/** Folders where packaged PostgreSQL versions keep their programs side by side (Debian, RHEL, Homebrew, Postgres.app). */
const VERSIONED_BIN_DIRS: [string, (entry: string) => string | null][] = [
  ['/usr/lib/postgresql', (v) => join('/usr/lib/postgresql', v, 'bin')],
  ['/usr', (v) => (v.startsWith('pgsql-') ? join('/usr', v, 'bin') : null)],
  ['/opt/homebrew/opt', (v) => (v.startsWith('postgresql') ? join('/opt/homebrew/opt', v, 'bin') : null)],
  ['/usr/local/opt', (v) => (v.startsWith('postgresql') ? join('/usr/local/opt', v, 'bin') : null)],
  ['/Applications/Postgres.app/Contents/Versions', (v) => join('/Applications/Postgres.app/Contents/Versions', v, 'bin')],
];

function versionOf(path: string): PgTool | null {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out);
    return match ? { path, major: Number(match[1]), version: match[2] ? `${match[1]}.${match[2]}` : match[1] } : null;
  } catch {
    return null;
  }
}

/** Every copy of the program this machine has: the versioned installations, then the one on PATH. */
export function pgToolCandidates(name: PgToolName): PgTool[] {
  const paths: string[] = [];
  for (const [root, binOf] of VERSIONED_BIN_DIRS) {
    let entries: string[] = [];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const bin = binOf(entry);
      if (bin && existsSync(join(bin, name))) paths.push(join(bin, name));
    }
  }
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => join(dir, name)).find((p) => existsSync(p));
  if (onPath) paths.push(onPath);
  const tools = paths.map(versionOf).filter((t): t is PgTool => t !== null);
  // The PATH entry is often a wrapper for one of the others (Debian's pg_wrapper): keep one per version.
  return tools.filter((t, i) => tools.findIndex((u) => u.version === t.version) === i);
}

/**
 * The program to use against a server of major version `serverMajor`: PG_DUMP / PG_RESTORE
 * when set, else the oldest installed one at least as new as the server (pg_dump refuses
 * a newer server; an exact match is the safest). Throws one line naming what is missing.
 */
export function findPgTool(name: PgToolName, serverMajor: number, what: string): PgTool {
  const variable = ENV_OF[name];
  const given = process.env[variable];
  if (given) {
    const tool = versionOf(given);
    if (!tool) throw new OpsError(`${variable}: ${given} is not a runnable ${name}`);
    if (tool.major < serverMajor) throw new OpsError(`${variable}: ${given} is ${name} ${tool.version}, but ${what} needs ${name} ${serverMajor} or newer`);
    return tool;
  }
  const candidates = pgToolCandidates(name);
  const fitting = candidates.filter((t) => t.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (fitting.length) return fitting[0];
  const found = candidates.length ? `found only ${candidates.map((t) => `${name} ${t.version} (${t.path})`).join(', ')}` : `no ${name} is installed`;
  throw new OpsError(
    `${what} needs ${name} ${serverMajor} or newer and ${found}; install the PostgreSQL ${serverMajor} client programs (Debian/Ubuntu: postgresql-client-${serverMajor} from apt.postgresql.org) or set ${variable} to such a ${name}`,
  );
}

/** The folder with `initdb` and `postgres` of the installation a tool belongs to, if it has a server too. */
export function serverBinDirOf(tool: PgTool): string | null {
  const dir = dirname(tool.path);
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')) ? dir : null;
}

/**
 * Runs a PostgreSQL client program against `databaseUrl`, the password passed in PGPASSWORD
 * (not on the command line, where `ps` shows it). Rejects with the program's last complaint.
 */
export function runPgTool(tool: PgTool, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, [...args, '--no-password', `--dbname=${url.toString()}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new OpsError(`cannot run ${tool.path}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
      const complaint = lines.find((l) => /error/i.test(l)) ?? lines[lines.length - 1] ?? `exit code ${code}`;
      reject(new OpsError(`${tool.path.split('/').pop()} failed: ${complaint}`));
    });
  });
}

/**
 * The newest PostgreSQL installation with both client and server programs, for a throwaway
 * cluster that its own pg_dump can back up (tests, the restore benchmark), or null.
 */
export function newestLocalServer(): { tool: PgTool; binDir: string } | null {
  const local = pgToolCandidates('pg_dump')
    .map((tool) => ({ tool, binDir: serverBinDirOf(tool) }))
    .filter((c): c is { tool: PgTool; binDir: string } => c.binDir !== null)
    .sort((a, b) => b.tool.major - a.tool.major);
  return local[0] ?? null;
}
