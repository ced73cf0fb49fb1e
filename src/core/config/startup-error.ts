import { ConfigError } from './config';

/** What a start-up step was doing when it failed, to name the setting that can fix it. */
export type StartupStep = 'config' | 'database' | 'app' | 'listen';

export interface StartupContext {
  step: StartupStep;
  port?: number;
  /** null: the embedded PostgreSQL of DATA_DIR. */
  databaseUrl?: string | null;
}

interface ErrorLike {
  code?: string;
  message?: string;
  errors?: ErrorLike[];
}

/** The network error code of a failed connection, also from inside an AggregateError (IPv4 and IPv6 tried). */
function networkCode(error: ErrorLike): string | undefined {
  if (error.code && /^E[A-Z]+$/.test(error.code)) return error.code;
  return error.errors?.map((e) => e.code).find((c) => c && /^E[A-Z]+$/.test(c));
}

function where(databaseUrl: string): { host: string; user: string; database: string } {
  try {
    const url = new URL(databaseUrl);
    return { host: `${url.hostname}:${url.port || 5432}`, user: decodeURIComponent(url.username) || 'postgres', database: decodeURIComponent(url.pathname.slice(1)) || 'postgres' };
  } catch {
    return { host: 'the server', user: 'the user', database: 'the database' };
  }
}

/** A database failure named after what the operator can change; undefined when it is not one. */
export function databaseProblem(error: ErrorLike, databaseUrl: string): string | undefined {
  const { host, user, database } = where(databaseUrl);
  const message = (error.message ?? '').split('\n')[0];
  switch (networkCode(error)) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: nothing accepts connections at ${host}; start PostgreSQL there or correct the host and port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: the host of ${host} is not known; correct the host name`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `DATABASE_URL: ${host} does not answer; check the host, the port and any firewall between`;
    case 'ECONNRESET':
      return `DATABASE_URL: ${host} closed the connection (${message}); check that it is PostgreSQL and its SSL settings`;
  }
  switch (error.code) {
    case '28P01':
      return `DATABASE_URL: PostgreSQL at ${host} refused the password of user "${user}"; correct the password`;
    case '28000':
      return `DATABASE_URL: PostgreSQL at ${host} does not let user "${user}" in (${message}); check the user name and pg_hba.conf`;
    case '3D000':
      return `DATABASE_URL: the database "${database}" does not exist on ${host}; create it (createdb ${database}) or correct its name`;
    case '42501':
      return `DATABASE_URL: user "${user}" may not create Jifen's tables in "${database}" (${message}); make it the database's owner`;
    case '53300':
      return `DATABASE_URL: ${host} has no free connections (${message}); raise max_connections or stop other clients`;
    case '57P03':
      return `DATABASE_URL: ${host} is starting up or shutting down; start Jifen again when it is up`;
  }
  if (/timeout/i.test(message)) return `DATABASE_URL: ${host} did not answer in time (${message}); check the host and port`;
  if (/SSL/i.test(message)) return `DATABASE_URL: ${message}; set sslmode in DATABASE_URL to what the server supports`;
  return undefined;
}

/**
 * Why a step failed, named after the setting that fixes it (no stack trace: LOG_LEVEL=debug
 * logs the full error). Used for the start-up line and by the operations CLI.
 */
export function failureReason(error: unknown, context: StartupContext): string {
  if (error instanceof ConfigError) return error.message;
  const e = (error ?? {}) as ErrorLike;
  const message = (e.message ?? String(error)).split('\n')[0];
  if (context.step === 'listen') {
    if (e.code === 'EADDRINUSE') return `PORT: ${context.port} is already in use by another program; stop it or set PORT to a free port`;
    if (e.code === 'EACCES') return `PORT: ${context.port} needs privileges to listen on; set PORT to 1024 or above`;
  }
  if (context.step === 'database') {
    if (context.databaseUrl) {
      const problem = databaseProblem(e, context.databaseUrl);
      if (problem) return problem;
    }
    // Our embedded-server failures already say what to change, prefixed with the setting.
    if (/^(DATA_DIR|embedded PostgreSQL)\b/.test(message)) return message;
    if (context.databaseUrl === null) return `DATA_DIR: the embedded PostgreSQL failed (${message}); check the disk, or set DATA_DIR to another folder`;
    return `DATABASE_URL: ${message}; check the database server and the schema migrations`;
  }
  return `${message} (LOG_LEVEL=debug shows the details)`;
}

/** The one line printed when Jifen cannot start. */
export function startupFailureLine(error: unknown, context: StartupContext): string {
  if (error instanceof ConfigError && context.step === 'config') return `jifen: invalid configuration: ${error.message}`;
  return `jifen: cannot start: ${failureReason(error, context)}`;
}
