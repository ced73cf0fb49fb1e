import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from '../config/config';

/** The process's pino logger as providers inject it; the composition root provides it. */
export const LOGGER = Symbol('LOGGER');

/** Longest statement text a log line keeps. */
const MAX_STATEMENT = 2000;
/** Nested causes followed. */
const MAX_CAUSES = 3;
/**
 * Double-quoted text in an error message. PostgreSQL quotes the offending value there
 * (`invalid input syntax for type uuid: "张三"`), and TypeORM prints search criteria as JSON
 * (`Could not find any entity of type "Resident" matching: {"name": "张三"}`).
 */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

const redactQuoted = (text: string): string => text.replace(QUOTED, '"…"');

type LoggedError = Record<string, unknown>;

/**
 * How an error is logged: its type, message and stack with every quoted literal replaced,
 * the SQLSTATE and the names PostgreSQL reports (constraint, table, column, routine), and
 * for a failed query the statement's text with its $n placeholders: the shape of what ran,
 * never its parameters. Left out on purpose: TypeORM's `parameters`, and PostgreSQL's
 * `detail` (`Key (name)=(张三) already exists`), `where` and `hint`, which quote values.
 */
export function loggableError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactQuoted(String(error)) };
  const e = error as Error & { code?: unknown; query?: unknown; driverError?: unknown; cause?: unknown };
  const driver = (typeof e.driverError === 'object' && e.driverError !== null ? e.driverError : e) as Record<string, unknown>;
  const out: LoggedError = { type: e.constructor?.name ?? e.name, message: redactQuoted(e.message) };
  if (e.stack) out.stack = redactQuoted(e.stack);
  for (const key of ['code', 'constraint', 'table', 'column', 'routine', 'severity'] as const) {
    const value = driver[key] ?? (e as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  if (typeof e.query === 'string') out.statement = e.query.length > MAX_STATEMENT ? `${e.query.slice(0, MAX_STATEMENT)}…` : e.query;
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = loggableError(e.cause, depth + 1);
  return out;
}

/**
 * JSON logs to stdout (or `destination`). Request bodies are never logged; auth headers are
 * redacted anyway; errors go through loggableError, so SQL parameter values (names, search
 * text, ID numbers) never reach a log line.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.refreshToken'],
    serializers: { err: (error: unknown) => loggableError(error) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes Nest's own log calls into the same pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    if (message instanceof Error) {
      this.logger[level]({ err: message, context }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...(message as object), context });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }

  /** Nest's own `log` calls are start-up chatter (modules, routes): debug level. */
  log(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
}
