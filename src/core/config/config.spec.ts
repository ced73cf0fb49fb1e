import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, exampleSecrets, loadConfig } from './config';

const SECRET = 'x'.repeat(40);

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults with an external database', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/jifen', JWT_SECRET: SECRET, PII_KEY: SECRET });
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', corsOrigins: [], jwtSecret: SECRET, databaseUrl: 'postgres://u:p@db:5432/jifen' });
    expect(config.dataDir).toMatch(/\.jifen-data$/);
  });

  it('names the variable and the problem for every bad value', () => {
    const base = { DATABASE_URL: 'postgres://db/jifen', JWT_SECRET: SECRET, PII_KEY: SECRET };
    expect(errorOf({ ...base, PORT: 'eighty' })).toBe('PORT: must be an integer from 0 to 65535, got "eighty"');
    expect(errorOf({ ...base, PORT: '70000' })).toMatch(/^PORT:/);
    expect(errorOf({ ...base, DATABASE_URL: 'mysql://db/x' })).toMatch(/^DATABASE_URL: scheme must be postgres/);
    expect(errorOf({ ...base, DATABASE_URL: 'not a url' })).toMatch(/^DATABASE_URL: is not a URL/);
    expect(errorOf({ ...base, LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL: must be one of/);
    expect(errorOf({ ...base, CORS_ORIGINS: 'https://a.org,ftp://b' })).toMatch(/^CORS_ORIGINS: "ftp:\/\/b"/);
    expect(errorOf({ ...base, JWT_SECRET: 'short' })).toBe('JWT_SECRET: must be at least 32 characters long');
    expect(errorOf({ DATABASE_URL: 'postgres://db/jifen' })).toBe('JWT_SECRET: is required when DATABASE_URL is set');
    expect(errorOf({ DATABASE_URL: 'postgres://db/jifen', JWT_SECRET: SECRET })).toBe('PII_KEY: is required when DATABASE_URL is set');
    expect(errorOf({ ...base, BOOTSTRAP_ADMIN_USERNAME: 'root' })).toBe('BOOTSTRAP_ADMIN_PASSWORD: is required when BOOTSTRAP_ADMIN_USERNAME is set');
    expect(errorOf({ ...base, BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toMatch(/^BOOTSTRAP_ADMIN_PASSWORD: must be at least 12/);
  });

  it('takes an optional METRICS_TOKEN, refusing a short one', () => {
    const base = { DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET };
    expect(loadConfig(base).metricsToken).toBeNull();
    expect(loadConfig({ ...base, METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(errorOf({ ...base, METRICS_TOKEN: 'short' })).toMatch(/^METRICS_TOKEN: must be at least 16/);
  });

  it('reads DATABASE_REPLICA_URLS and REPLICA_MAX_LAG_MS, which need DATABASE_URL', () => {
    const base = { DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET };
    expect(loadConfig(base).replicaUrls).toEqual([]);
    expect(loadConfig(base).replicaMaxLagMs).toBe(2000);
    expect(loadConfig({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/j, postgresql://r2:5433/j' }).replicaUrls).toEqual(['postgres://r1/j', 'postgresql://r2:5433/j']);
    expect(loadConfig({ ...base, REPLICA_MAX_LAG_MS: '500' }).replicaMaxLagMs).toBe(500);
    expect(errorOf({ ...base, DATABASE_REPLICA_URLS: 'mysql://r1/j' })).toMatch(/^DATABASE_REPLICA_URLS: scheme must be/);
    expect(errorOf({ ...base, REPLICA_MAX_LAG_MS: 'soon' })).toMatch(/^REPLICA_MAX_LAG_MS: must be milliseconds/);
    expect(errorOf({ DATA_DIR: '/nonexistent-jifen', JWT_SECRET: SECRET, PII_KEY: SECRET, DATABASE_REPLICA_URLS: 'postgres://r1/j' })).toMatch(/^DATABASE_REPLICA_URLS: needs DATABASE_URL/);
  });

  it('parses the CORS allow-list', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET, CORS_ORIGINS: 'https://a.org, http://localhost:5173' });
    expect(config.corsOrigins).toEqual(['https://a.org', 'http://localhost:5173']);
  });

  it('reads TRUST_PROXY: off by default, on, a hop count or proxy addresses', () => {
    const base = { DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'on' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1' }).trustProxy).toEqual(['10.0.0.1', '172.16.0.0/12', '::1']);
    expect(errorOf({ ...base, TRUST_PROXY: 'yes please' })).toMatch(/^TRUST_PROXY: must be on, off/);
    expect(errorOf({ ...base, TRUST_PROXY: '10.0.0.300' })).toMatch(/^TRUST_PROXY:/);
  });

  it('generates the JWT secret once in embedded mode and keeps it in DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dir, 'jwt_secret.secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(first.databaseUrl).toBeNull();
  });

  it('tells a DATA_DIR that was given from the default one', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET }).dataDirIsDefault).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/j', JWT_SECRET: SECRET, PII_KEY: SECRET, DATA_DIR: '/var/lib/jifen' }).dataDirIsDefault).toBe(false);
  });

  it('names every variable that still holds a value published in .env.example', () => {
    const example = Object.fromEntries(
      readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const env = { ...example, DATABASE_URL: `postgres://jifen:${example.POSTGRES_PASSWORD}@db:5432/jifen` };
    expect(exampleSecrets(loadConfig(env))).toEqual(['JWT_SECRET', 'PII_KEY', 'BOOTSTRAP_ADMIN_PASSWORD', 'DATABASE_URL']);
    const own = { ...env, JWT_SECRET: SECRET, PII_KEY: SECRET, BOOTSTRAP_ADMIN_PASSWORD: 'an-own-admin-password', DATABASE_URL: 'postgres://jifen:0a9f3c@db:5432/jifen' };
    expect(exampleSecrets(loadConfig(own))).toEqual([]);
  });
});
