import {
  CallHandler,
  ExecutionContext,
  Global,
  Injectable,
  Module,
  SetMetadata,
  NestInterceptor,
  OnModuleDestroy,
  OnModuleInit,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { Opening, OpeningQueryRunner } from '../database/opening-query-runner';
import { DomainError } from '../errors/errors';
import { sqlLiteral } from '../database/sql-literal';
import { requestHash } from './request-hash';
import { isRetryableTransactionError, retryingConflicts } from './retrying';

/** Keys are kept at least this long: a clerk may retry a sale days after a dead network. */
export const IDEMPOTENCY_RETENTION = '7 days';
const PURGE_EVERY_MS = 60 * 60 * 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  /** Who and where: caller identity and route template; keys never collide across either. */
  scope: string;
  key: string;
  hash: string;
  villageId: string | null;
}

export interface StoredResponse {
  status: number;
  /** JSON text exactly as first sent. */
  body: string;
  replayed: boolean;
}

@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  /**
   * Runs `work` at most once per (scope, key), inside one transaction with the key's row.
   *
   * The key is claimed by an INSERT in the same transaction as the work and its response
   * is stored before commit, so a committed key always has its response. A concurrent
   * duplicate's INSERT waits on the unique index until the first transaction ends: if the
   * first committed, the duplicate replays its response; if it rolled back (an error: errors
   * are not stored, the client may retry), the duplicate does the work itself.
   * An expired key (older than IDEMPOTENCY_RETENTION) is reclaimed as if new.
   */
  async execute(request: IdempotentRequest, work: (tx: EntityManager) => Promise<{ status: number; body: unknown }>): Promise<StoredResponse> {
    return retryingConflicts(() => this.attempt(request, work));
  }

  /**
   * One try, in a transaction whose opening is the key's claim (OpeningQueryRunner): BEGIN
   * and the claim are not sent up front but with the work's first statement, so the
   * transaction opens only once the handler has validated its input and is ready to write,
   * and claim and (say) the ledger posting are one message, one round trip. The stored
   * response travels with COMMIT. Both are simple-protocol messages, values inlined with
   * the driver's literal escaping (the key is also restricted to visible ASCII by KEY_FORMAT).
   *
   * If the claim finds the key taken (a committed first request; a concurrent one is waited
   * for on the unique index), whatever ran with it is rolled back and the stored response
   * replayed. `claimFirst` sends the claim before any work, as a fallback when a combined
   * message failed and it is unknown whether its claim took.
   */
  private async attempt(
    request: IdempotentRequest,
    work: (tx: EntityManager) => Promise<{ status: number; body: unknown }>,
    claimFirst = false,
  ): Promise<StoredResponse> {
    const claim = new KeyClaim(request);
    const runner = new OpeningQueryRunner(this.dataSource, claim);
    try {
      await runner.startTransaction();
      if (claimFirst) await runner.sendOpening();
      const result = await work(runner.manager);
      const body = JSON.stringify(result.body ?? null);
      await runner.commitWith(`UPDATE idempotency_keys SET status_code = ${Number(result.status)}, response_body = ${sqlLiteral(body)} WHERE ${claim.where}`);
      return { status: result.status, body, replayed: false };
    } catch (error) {
      const begun = runner.begun;
      if (runner.open) await runner.rollbackTransaction().catch(() => undefined);
      if (claim.claimed === false) return this.replay(this.dataSource.manager, request);
      if (begun && claim.claimed === undefined && !claimFirst && !isRetryableTransactionError(error)) {
        // The message with the claim failed: whether the key was free is unknown. Try again
        // with the claim on its own, which replays or reproduces the error.
        return this.attempt(request, work, true);
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The stored response of a key another request holds (or idempotency_key_reused / request_in_progress). */
  async replay(tx: EntityManager, request: IdempotentRequest): Promise<StoredResponse> {
    const rows: { request_hash: string; status_code: number | null; response_body: string | null }[] = await tx.query(
      `SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [request.scope, request.key],
    );
    const row = rows[0];
    if (row && row.request_hash !== request.hash) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key');
    }
    if (!row || row.status_code === null || row.response_body === null) {
      // Not reachable with the claim above (the row commits with its response); kept as the
      // contract's answer should a future caller store responses in a later transaction.
      throw new DomainError('request_in_progress', 'A request with this Idempotency-Key is still in progress; retry shortly', {
        headers: { 'retry-after': '1' },
      });
    }
    return { status: row.status_code, body: row.response_body, replayed: true };
  }

  /** Deletes keys past their retention. Runs hourly; returns how many were removed. */
  async purgeExpired(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT 10000)) RETURNING 1`,
    );
    return rows.length;
  }
}

/** Thrown into the work when the claim finds its key taken: the work is rolled back and the response replayed. */
class KeyTaken extends Error {
  constructor() {
    super('Idempotency-Key already used: replaying the stored response');
  }
}

/**
 * The claim of one key: the transaction's opening. An INSERT that takes a free (or
 * expired) key and answers no row when the key is held; `claimed` stays undefined until
 * the database has answered.
 */
class KeyClaim implements Opening {
  claimed: boolean | undefined;
  readonly where: string;
  readonly sql: string;

  constructor(request: IdempotentRequest) {
    const lit = (value: string | null) => (value === null ? 'NULL' : sqlLiteral(value));
    this.where = `scope = ${lit(request.scope)} AND key = ${lit(request.key)}`;
    this.sql = `INSERT INTO idempotency_keys (scope, key, village_id, request_hash, expires_at)
       VALUES (${lit(request.scope)}, ${lit(request.key)}, ${lit(request.villageId)}, ${lit(request.hash)}, now() + interval '${IDEMPOTENCY_RETENTION}')
       ON CONFLICT (scope, key) DO UPDATE
         SET village_id = EXCLUDED.village_id, request_hash = EXCLUDED.request_hash, status_code = NULL,
             response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
       RETURNING 1`;
  }

  settle(results: { rows: unknown[] }[]): void {
    this.claimed = results[0].rows.length > 0;
    if (!this.claimed) throw new KeyTaken();
  }
}

const TX_SLOT = Symbol('jifen:idempotency-tx');
const REQUEST_SLOT = Symbol('jifen:idempotent-request');
const GROUPED = 'jifen:idempotent-grouped';
type RequestWithTx = FastifyRequest & {
  [TX_SLOT]?: EntityManager;
  [REQUEST_SLOT]?: GroupedIdempotentRequest;
  actor?: { kind: string; id: string | null; name: string };
};

/** What an @IdempotentGrouped() handler is given: the request's key and hash, and the status a first answer has. */
export interface GroupedIdempotentRequest extends IdempotentRequest {
  status: number;
}

/**
 * Route interceptor behind @Idempotent(): requires the Idempotency-Key header, hashes the
 * request (route params and body), and runs the handler through IdempotencyService, which
 * opens the transaction the handler must use (@IdempotentTx()). Replays answer the stored
 * status and body with `Idempotent-Replayed: true`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithTx>();
    const reply = http.getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string' || !KEY_FORMAT.test(header)) {
      throw new DomainError('validation_failed', 'Send an Idempotency-Key header (1-255 visible ASCII characters) with this request', {
        errors: [{ field: 'Idempotency-Key', message: 'required header, 1-255 visible ASCII characters' }],
      });
    }
    const actor = request.actor;
    const caller = actor ? `${actor.kind}:${actor.id ?? actor.name}` : 'anonymous';
    const route = `${request.method} ${request.routeOptions?.url ?? request.url}`;
    const body = request.body as Record<string, unknown> | undefined;
    const villageId = typeof body?.villageId === 'string' && /^[0-9a-f-]{36}$/i.test(body.villageId) ? body.villageId : null;
    const idempotent: IdempotentRequest = {
      scope: `${caller} ${route}`.slice(0, 200),
      key: header,
      hash: requestHash({ params: request.params ?? {}, body: body ?? null }),
      villageId,
    };
    // A grouped handler claims the key itself, in the transaction its work shares with others'.
    const run: Promise<StoredResponse> = this.reflector.get<boolean>(GROUPED, context.getHandler())
      ? this.runGrouped(request, { ...idempotent, status: reply.statusCode }, next)
      : this.idempotency.execute(idempotent, async (tx) => {
          request[TX_SLOT] = tx;
          try {
            const result = await lastValueFrom(next.handle(), { defaultValue: null });
            return { status: reply.statusCode, body: result };
          } finally {
            request[TX_SLOT] = undefined;
          }
        });
    return from(
      run.then((stored) => {
        void reply.status(stored.status);
        if (stored.replayed) void reply.header('idempotent-replayed', 'true');
        // The stored JSON text itself: first answer and replays are the same bytes, serialised once.
        void reply.type('application/json; charset=utf-8');
        return stored.body;
      }),
    );
  }

  private async runGrouped(request: RequestWithTx, idempotent: GroupedIdempotentRequest, next: CallHandler): Promise<StoredResponse> {
    request[REQUEST_SLOT] = idempotent;
    return (await lastValueFrom(next.handle())) as StoredResponse;
  }
}

/**
 * Marks a route that moves points or stock: Idempotency-Key required, duplicates replayed.
 * The handler must do its writes in the transaction given by @IdempotentTx().
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days.',
    }),
  );

/**
 * Like @Idempotent(), for a handler whose work joins other requests' in one transaction
 * (group commit): no transaction is opened for it; it is given the request's key and hash
 * (@GroupedIdempotentRequestOf()), has the key checked and then claimed with its response in
 * the shared transaction (idempotency_claim_many) and returns the StoredResponse, first
 * answer or replay.
 */
export const IdempotentGrouped = () => applyDecorators(Idempotent(), SetMetadata(GROUPED, true));

/** The key and hash of an @IdempotentGrouped() route's request. */
export const GroupedIdempotentRequestOf = createParamDecorator((_data: unknown, ctx: ExecutionContext): GroupedIdempotentRequest => {
  const idempotent = ctx.switchToHttp().getRequest<RequestWithTx>()[REQUEST_SLOT];
  if (!idempotent) throw new Error('@GroupedIdempotentRequestOf() used on a route without @IdempotentGrouped()');
  return idempotent;
});

/**
 * The Idempotency-Key of an @Idempotent() route (checked by its interceptor). Not
 * `@Headers('idempotency-key')`, which would document the header a second time, in lower case,
 * and generated clients would then require both.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'] as string;
});

/** The transaction an @Idempotent() route's handler must use for all its writes. */
export const IdempotentTx = createParamDecorator((_data: unknown, ctx: ExecutionContext): EntityManager => {
  const tx = ctx.switchToHttp().getRequest<RequestWithTx>()[TX_SLOT];
  if (!tx) throw new Error('@IdempotentTx() used on a route without @Idempotent()');
  return tx;
});

@Global()
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor],
  exports: [IdempotencyService, IdempotencyInterceptor],
})
export class IdempotencyModule {}
