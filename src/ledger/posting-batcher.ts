import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { IdempotencyService, IdempotentRequest, StoredResponse } from '../core/idempotency/idempotency';
import { retryingConflicts } from '../core/idempotency/retrying';
import { mapPostingError, refusalError } from './ledger.errors';
import { LedgerBatchStatements, TemplatedClaim } from './ledger-batch.statements';
import type { PostingAccepted, PostingResult, PreparedPosting } from './ledger.repository';
import { GroupedResponse, responseTemplate } from './response-template';

/** The gathering window: a posting waits at most this long for others to share its commit. */
export const BATCH_WINDOW_MS = 1;
/** A batch is written as soon as it holds this many postings. */
export const MAX_BATCH = 64;
/**
 * Batches written at once (each on its own connection). While one waits for its commit's WAL
 * flush the next gathers and writes. Batches in flight never share an account they lock.
 */
export const MAX_IN_FLIGHT = 3;

export interface PostingJob {
  posting: PreparedPosting;
  /** The accounts the posting row-locks (its households; system accounts are striped, not locked). */
  locks: string[];
  /** The request's Idempotency-Key, claimed with its response in the batch's transaction; null: none. */
  idempotent: IdempotentRequest | null;
  /** The response once accepted; with a key, rendered before the write as a template (responseTemplate). */
  respond: (result: PostingAccepted) => GroupedResponse;
}

interface Pending extends PostingJob {
  resolve: (stored: StoredResponse) => void;
  reject: (error: unknown) => void;
}

type Outcome = { kind: 'accepted'; stored: StoredResponse } | { kind: 'refused'; error: unknown } | { kind: 'taken' };

const keyOf = (r: IdempotentRequest) => `${r.scope}\n${r.key}`;

/**
 * Group commit for postings. Concurrent postings are gathered (at most BATCH_WINDOW_MS or
 * MAX_BATCH) and written in one transaction sent as one message: BEGIN, ledger_post_many (one
 * lock pass over the batch's accounts, one firing of each statement-level trigger, one INSERT
 * of audit events), ledger_claim_responses (the accepted postings' idempotency keys with their
 * responses) and COMMIT: one round trip, one WAL flush. Every posting is decided on its own (a
 * refusal never fails the others); each caller is answered, after the commit, with its own
 * result, so an answer always describes committed data.
 *
 * A deadlock or serialization failure reruns the batch; any other error of the batch splits
 * it into single postings, so an error reaches only the posting that causes it.
 */
@Injectable()
export class PostingBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The accounts locked by the batches in flight (each by one batch only: see take). */
  private readonly held = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly statements: LedgerBatchStatements,
    private readonly idempotency: IdempotencyService,
  ) {}

  submit(job: PostingJob): Promise<StoredResponse> {
    return new Promise<StoredResponse>((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.take();
      // Everything queued waits for an account a batch in flight holds: its end flushes again.
      if (!batch.length) return;
      const locks = new Set(batch.flatMap((job) => job.locks));
      for (const account of locks) this.held.add(account);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        for (const account of locks) this.held.delete(account);
        if (this.queue.length) this.flush();
      });
    }
  }

  /**
   * Up to MAX_BATCH postings from the queue, in order, one per idempotency key (a repeated key
   * waits for the next batch), none locking an account that a batch in flight holds. Such a
   * posting waits for that batch here rather than for its row locks in the database: the batch
   * that takes it later holds all that was queued for those accounts meanwhile (a hot
   * household's postings are then written in a few large batches, not in small ones queued on
   * each other's locks).
   *
   * A posting left waiting keeps its accounts and its key from every posting behind it: each
   * account's postings are decided in arrival order (an overdraft check sees them as they
   * came), and a posting of two households is not overtaken for ever by later postings of
   * one of them while the other is held.
   */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    const waiting = new Set<string>();
    for (const job of this.queue) {
      const key = job.idempotent ? keyOf(job.idempotent) : null;
      const blocked =
        batch.length >= MAX_BATCH ||
        (key !== null && keys.has(key)) ||
        job.locks.some((account) => this.held.has(account) || waiting.has(account));
      if (key !== null) keys.add(key);
      if (blocked) {
        rest.push(job);
        for (const account of job.locks) waiting.add(account);
      } else batch.push(job);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      const claims: TemplatedClaim[] = [];
      for (const job of batch) {
        if (!job.idempotent) continue;
        const accounts = job.posting.entries.map((e) => e.accountId);
        claims.push({ transactionId: job.posting.transaction.id, accounts, request: job.idempotent, response: responseTemplate(job.respond, accounts) });
      }
      outcomes = await retryingConflicts(() => this.write(batch, claims));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(mapPostingError(error, batch[0].posting.transaction.reversesId));
        return;
      }
      // Not the batch's fault as a whole: each posting on its own finds its own error. The
      // batch's accounts stay held until all of them are done (the batch's end releases
      // them), so that no new batch queues on their row locks meanwhile.
      await Promise.all(batch.map((job) => this.run([job])));
      return;
    }
    await Promise.all(
      batch.map(async (job, i) => {
        const outcome = outcomes[i];
        if (outcome.kind === 'accepted') job.resolve(outcome.stored);
        else if (outcome.kind === 'refused') job.reject(outcome.error);
        else {
          try {
            job.resolve(await this.idempotency.replay(this.dataSource.manager, job.idempotent!));
          } catch (error) {
            job.reject(error);
          }
        }
      }),
    );
  }

  /**
   * One transaction in one message (one round trip): BEGIN, ledger_post_many (which checks
   * the keys, decides and writes), ledger_claim_responses (the accepted postings' keys with
   * their responses, filled in from the templates) and COMMIT. A batch with one of the same
   * keys waits in ledger_post_many for this one's commit; a key claimed meanwhile all the same
   * fails the transaction with a serialization failure, and run retries the batch, which then
   * finds the key taken.
   */
  private async write(batch: Pending[], claims: TemplatedClaim[]): Promise<Outcome[]> {
    const client: PoolClient = await (this.dataSource.driver as PostgresDriver).master.connect();
    let broken: Error | undefined;
    let results: { rows: unknown[] }[];
    try {
      const message = this.statements.message(
        batch.map((job) => job.posting),
        batch.map((job) => job.idempotent),
        claims,
      );
      results = (await client.query(message)) as unknown as { rows: unknown[] }[];
    } catch (error) {
      // The message stopped at its first error, inside the transaction or at COMMIT (which
      // then rolled it back itself). A connection that cannot even roll back is not given
      // back to the pool.
      await client.query(this.statements.rollback).catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
    // Committed: from here on nothing throws (a throw would run the batch again).
    try {
      const { posted, bodies } = this.statements.readMessage(results, batch.length, claims.length > 0);
      const stored = new Map<string, StoredResponse>();
      for (const c of claims) {
        const body = bodies.get(c.transactionId);
        if (body !== undefined) stored.set(c.transactionId, { status: c.response.status, body, replayed: false });
      }
      return batch.map((job, i) => outcomeOf(job, posted[i], stored));
    } catch (error) {
      return batch.map(() => ({ kind: 'refused', error }));
    }
  }
}

/** A committed batch's answer to one of its postings; an error is this posting's answer, never thrown. */
function outcomeOf(job: Pending, result: PostingResult | 'taken', claimed: Map<string, StoredResponse>): Outcome {
  try {
    if (result === 'taken') return { kind: 'taken' };
    if (!result.ok) return { kind: 'refused', error: refusalError(result.refusal, result.accountId, result.balance, job.posting.entries) };
    if (job.idempotent) {
      const stored = claimed.get(job.posting.transaction.id);
      if (!stored) throw new Error(`group commit: posting ${job.posting.transaction.id} was accepted but its key not claimed`);
      return { kind: 'accepted', stored };
    }
    const response = job.respond(result);
    return { kind: 'accepted', stored: { status: response.status, body: JSON.stringify(response.body ?? null), replayed: false } };
  } catch (error) {
    return { kind: 'refused', error };
  }
}
