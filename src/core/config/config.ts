import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface AppConfig {
  /** null: start the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  port: number;
  dataDir: string;
  /** DATA_DIR was not set: as root, the embedded cluster may then live where `postgres` can reach it. */
  dataDirIsDefault?: boolean;
  jwtSecret: string;
  corsOrigins: string[];
  /** Origins that may frame the public pages' HTML (signage apps): their CSP frame-ancestors. */
  publicFrameAncestors?: string[];
  logLevel: LogLevel;
  /** Secret from which the keys for personal data (AES-256-GCM, HMAC) are derived. */
  piiKey: string;
  /** First admin, created on an empty database. */
  bootstrapAdmin: { username: string; password: string } | null;
  /** Background jobs (annual points expiry); off in tests, which call them directly. */
  scheduler?: boolean;
  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
  /**
   * Which proxies to believe about the client address (Fastify's trustProxy): false (the
   * default) takes the socket's address and ignores X-Forwarded-For; true believes any;
   * a number, that many hops; a list, those proxy addresses or CIDR ranges.
   */
  trustProxy?: boolean | number | string[];
  /** DATABASE_REPLICA_URLS: streaming replicas that serve the read-only routes (empty: all on the primary). */
  replicaUrls?: string[];
  /** REPLICA_MAX_LAG_MS: a replica further behind than this serves nothing until it catches up. */
  replicaMaxLagMs?: number;
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function parseDatabaseUrl(value: string | undefined, variable = 'DATABASE_URL'): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, 'is not a URL (expected postgres://user:password@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(variable, `scheme must be postgres:// or postgresql://, got ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError(variable, 'has no host');
  return value;
}

/** DATABASE_REPLICA_URLS: comma-separated; replicas of an embedded database make no sense (it has none). */
function parseReplicaUrls(value: string | undefined, databaseUrl: string | null): string[] {
  if (value === undefined || value.trim() === '') return [];
  if (!databaseUrl) throw new ConfigError('DATABASE_REPLICA_URLS', 'needs DATABASE_URL (the primary the replicas follow)');
  return value.split(',').map((raw) => parseDatabaseUrl(raw.trim(), 'DATABASE_REPLICA_URLS') ?? '').filter((url) => url !== '');
}

function parseMaxLag(value: string | undefined): number {
  if (value === undefined || value === '') return 2_000;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 3_600_000) {
    throw new ConfigError('REPLICA_MAX_LAG_MS', `must be milliseconds from 1 to 3600000, got "${value}"`);
  }
  return Number(value);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  if (!/^\d+$/.test(value)) throw new ConfigError('PORT', `must be an integer from 0 to 65535, got "${value}"`);
  const port = Number(value);
  if (port > 65535) throw new ConfigError('PORT', `must be an integer from 0 to 65535, got "${value}"`);
  return port;
}

function parseCorsOrigins(value: string | undefined, variable = 'CORS_ORIGINS'): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw) => {
    const origin = raw.trim();
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(variable, `"${origin}" is not an origin like https://admin.example.org`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(variable, `"${origin}" is not an origin like https://admin.example.org`);
    }
    return url.origin;
  });
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return value as LogLevel;
}

/**
 * A secret given in the environment, or (embedded mode only) one generated once
 * and kept in DATA_DIR so that tokens survive a restart.
 */
function secretFor(variable: string, env: Env, dataDir: string, embedded: boolean): string {
  const given = env[variable];
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError(variable, 'must be at least 32 characters long');
    return given;
  }
  if (!embedded) throw new ConfigError(variable, 'is required when DATABASE_URL is set');
  const file = join(dataDir, `${variable.toLowerCase()}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function parseSwitch(variable: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new ConfigError(variable, `must be on or off, got "${value}"`);
}

const CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)(?:\/\d{1,3})?$/;

/** TRUST_PROXY: off (default), on, a hop count, or proxy addresses / CIDR ranges, comma-separated. */
function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value.trim() === '' || value === 'off' || value === 'false') return false;
  if (value === 'on' || value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value.split(',').map((a) => a.trim());
  const bad = addresses.find((a) => !CIDR.test(a) || (!a.includes('/') && isIP(a) === 0) || (a.includes('/') && isIP(a.split('/')[0]) === 0));
  if (bad !== undefined) throw new ConfigError('TRUST_PROXY', `must be on, off, a hop count or proxy addresses/CIDR ranges, got "${bad}"`);
  return addresses;
}

function parseBootstrapAdmin(env: Env): AppConfig['bootstrapAdmin'] {
  const username = env.BOOTSTRAP_ADMIN_USERNAME;
  const password = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!username && !password) return null;
  if (!username) throw new ConfigError('BOOTSTRAP_ADMIN_USERNAME', 'is required when BOOTSTRAP_ADMIN_PASSWORD is set');
  if (!password) throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'is required when BOOTSTRAP_ADMIN_USERNAME is set');
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_USERNAME', 'must be 3-64 letters, digits, ".", "_" or "-"');
  }
  if (password.length < 12) throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters long');
  return { username, password };
}

function parseMetricsToken(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 16 || !/^[\x21-\x7e]+$/.test(value)) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 printable characters without spaces');
  return value;
}

/** Reads and validates the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL);
  const port = parsePort(env.PORT);
  const dataDirIsDefault = !env.DATA_DIR || env.DATA_DIR.trim() === '';
  const dataDir = resolve(dataDirIsDefault ? './.jifen-data' : (env.DATA_DIR as string));
  const corsOrigins = parseCorsOrigins(env.CORS_ORIGINS);
  const publicFrameAncestors = parseCorsOrigins(env.PUBLIC_FRAME_ANCESTORS, 'PUBLIC_FRAME_ANCESTORS');
  const logLevel = parseLogLevel(env.LOG_LEVEL);
  const jwtSecret = secretFor('JWT_SECRET', env, dataDir, databaseUrl === null);
  const piiKey = secretFor('PII_KEY', env, dataDir, databaseUrl === null);
  const bootstrapAdmin = parseBootstrapAdmin(env);
  const scheduler = parseSwitch('SCHEDULER', env.SCHEDULER, true);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const metricsToken = parseMetricsToken(env.METRICS_TOKEN);
  const replicaUrls = parseReplicaUrls(env.DATABASE_REPLICA_URLS, databaseUrl);
  const replicaMaxLagMs = parseMaxLag(env.REPLICA_MAX_LAG_MS);
  return { databaseUrl, port, dataDir, dataDirIsDefault, jwtSecret, corsOrigins, publicFrameAncestors, logLevel, piiKey, bootstrapAdmin, scheduler, trustProxy, metricsToken, replicaUrls, replicaMaxLagMs };
}

/** Every placeholder secret that Jifen ships (.env.example, older compose files) contains this. */
export const EXAMPLE_SECRET_MARK = 'change-me';

/**
 * The variables still holding a published example value: the app runs with them (a first
 * try with `.env.example` works), but anyone who read that file could forge tokens or
 * read personal data, so the start-up log says so.
 */
export function exampleSecrets(config: AppConfig): string[] {
  const named: [string, string | undefined][] = [
    ['JWT_SECRET', config.jwtSecret],
    ['PII_KEY', config.piiKey],
    ['BOOTSTRAP_ADMIN_PASSWORD', config.bootstrapAdmin?.password],
    ['DATABASE_URL', config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).password) : undefined],
  ];
  return named.filter(([, value]) => value?.includes(EXAMPLE_SECRET_MARK)).map(([name]) => name);
}
