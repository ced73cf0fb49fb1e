import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { IdempotentRequest, StoredResponse } from '../core/idempotency/idempotency';
import { auditEvent } from '../audit/audit.service';
import { DomainError } from '../core/errors/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../core/http/pagination';
import { PassbookLineDto, StatementQueryDto } from './dto/ledger.dto';
import { LedgerErrors, mapPostingError, refusalError } from './ledger.errors';
import { LedgerRepository, PostingAccepted, PostingResult, PreparedPosting } from './ledger.repository';
import { PostingBatcher } from './posting-batcher';
import type { GroupedResponse } from './response-template';
import { SystemAccounts } from './system-accounts';
import {
  AccountSpec,
  AccountStatus,
  NO_OVERDRAFT_KINDS,
  PostedTransaction,
  PostingRequest,
  PostingRefusal,
  ResolvedEntry,
  SystemAccountKind,
} from './ledger.types';
import { validatePosting } from './ledger.validation';

export type { AccountSpec, LedgerActor, PostedTransaction, PostingEntry, PostingRequest } from './ledger.types';

export function parseTime(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DomainError('validation_failed', `${field} is not a time`, { errors: [{ field, message: 'must be an ISO-8601 time' }] });
  }
  return date;
}

/**
 * The only way into the ledger for other modules (scoring, redemptions, expiry, residents
 * import, households, villages). Every method runs in the transaction (or manager) it is
 * given, so a module's change and its postings commit together. The ledger's tables are
 * its own: nothing outside src/ledger/ names them (a test greps the tree).
 *
 * Concurrency: ledger_post locks household accounts in account-id
 * order, the one global order, and decides on balances read under that lock. System
 * accounts (issuance, redemptions, ...) are never row-locked: their balance lives in stripe
 * rows and a posting adds to one it can lock without waiting, so postings of different
 * households run in parallel. A deadlock or serialization failure is retried by the caller's
 * transaction runner (inRetryingTransaction / the idempotency interceptor).
 */
@Injectable()
export class LedgerPort {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly batcher: PostingBatcher,
    private readonly systemAccounts: SystemAccounts,
  ) {}

  /** Opens accounts of one village, in one statement; their ids in the order of `specs`. */
  async openAccounts(tx: EntityManager, villageId: string, specs: AccountSpec[]): Promise<string[]> {
    const accounts = specs.map((spec) => {
      if (spec.kind === 'household' && !spec.householdId) throw new Error('a household account needs its householdId');
      return { id: randomUUID(), kind: spec.kind, householdId: spec.kind === 'household' ? spec.householdId : null };
    });
    await this.repo.insertAccounts(tx, villageId, accounts);
    return accounts.map((a) => a.id);
  }

  /**
   * Posts one balanced transaction and its audit event in the caller's transaction. Throws
   * unbalanced_transaction / validation_failed (before any SQL), not_found (an account
   * unknown or of another village), invalid_state (frozen), insufficient_points, already_reversed.
   */
  async post(tx: EntityManager, posting: PostingRequest): Promise<PostedTransaction> {
    validatePosting(posting);
    const system = posting.entries.some((e) => 'systemAccount' in e) ? await this.systemAccountIds(tx, posting.villageId) : null;
    return this.postResolved(tx, posting, system);
  }

  /** Posts several transactions in order (all or nothing with the caller's transaction). */
  async postMany(tx: EntityManager, postings: PostingRequest[]): Promise<PostedTransaction[]> {
    postings.forEach((p) => validatePosting(p));
    const systems = new Map<string, Record<SystemAccountKind, string>>();
    const posted: PostedTransaction[] = [];
    for (const posting of postings) {
      let system = systems.get(posting.villageId) ?? null;
      if (!system && posting.entries.some((e) => 'systemAccount' in e)) {
        system = await this.systemAccountIds(tx, posting.villageId);
        systems.set(posting.villageId, system);
      }
      posted.push(await this.postResolved(tx, posting, system));
    }
    return posted;
  }

  /** Current balances, or balances as of a time (a household: one index probe; a system account: a sum). Unknown ids are absent. */
  async balances(tx: EntityManager, accountIds: string[], asOf?: Date): Promise<Map<string, number>> {
    const rows = await this.repo.findAccounts(tx, accountIds);
    const balances = new Map<string, number>();
    for (const row of rows) {
      if (!asOf) balances.set(row.id, Number(row.balance));
      else if (row.kind === 'household') balances.set(row.id, await this.repo.householdBalanceAsOf(tx, row.id, asOf));
      else balances.set(row.id, await this.repo.systemBalanceAsOf(tx, row.id, asOf));
    }
    return balances;
  }

  /** Per active household account of the village, the points that expire at `resetAt` (see LedgerRepository.expirableBalances). */
  expirableBalances(tx: EntityManager, villageId: string, resetAt: Date): Promise<{ accountId: string; points: number }[]> {
    return this.repo.expirableBalances(tx, villageId, resetAt);
  }

  /** Freezes or thaws a household account; a frozen account accepts no postings. */
  async setStatus(tx: EntityManager, accountId: string, status: AccountStatus): Promise<void> {
    if (!(await this.repo.setStatus(tx, accountId, status))) throw LedgerErrors.accountNotFound(accountId);
  }

  /** The passbook of one account (or of a household's account, found in the same query), newest first, keyset-paginated on (postedAt, entryId). */
  async statement(manager: EntityManager, account: string | { householdId: string }, query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['timestamp', 'bigint']) as [string, string] | null;
    const rows = await this.repo.statement(manager, { account: typeof account === 'string' ? { id: account } : account, from: parseTime(query.from, 'from'), to: parseTime(query.to, 'to'), before, limit });
    return pageOf(
      rows,
      limit,
      (r) => [r.posted_at_text, r.id],
      (r) => ({
        entryId: r.id,
        transactionId: r.transaction_id,
        kind: r.kind,
        amount: Number(r.amount),
        balanceAfter: r.balance_after === null ? null : Number(r.balance_after),
        memo: r.memo,
        postedAt: r.posted_at.toISOString(),
      }),
    );
  }

  /** The village's system accounts by kind. */
  async systemAccountIds(manager: EntityManager, villageId: string): Promise<Record<SystemAccountKind, string>> {
    const rows = await this.repo.findSystemAccounts(manager, villageId);
    return Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Record<SystemAccountKind, string>;
  }

  /**
   * Posts one balanced transaction through group commit (PostingBatcher): written with the
   * postings of other concurrent requests in one transaction by ledger_post_many, refused or
   * accepted on its own. With `idempotent`, the key is claimed in that transaction and the
   * response (`respond`, from the posted transaction) stored with it; a key already held is
   * replayed. Throws what post throws.
   */
  async postGrouped(request: PostingRequest, idempotent: IdempotentRequest | null, respond: (posted: PostedTransaction) => GroupedResponse): Promise<StoredResponse> {
    validatePosting(request);
    const prepared = prepare(request, await this.systemAccounts.of(request.villageId));
    // System accounts are added to through stripes, never row-locked: only the others (households) keep batches apart.
    const locks = prepared.entries.map((e) => e.accountId).filter((id) => !this.systemAccounts.isSystem(id));
    return this.batcher.submit({ posting: prepared, locks, idempotent, respond: (result) => respond(toPosted(request, prepared, result)) });
  }

  private async postResolved(tx: EntityManager, request: PostingRequest, system: Record<SystemAccountKind, string> | null): Promise<PostedTransaction> {
    const prepared = prepare(request, system);
    let result: PostingResult;
    try {
      result = await this.repo.post(tx, prepared);
    } catch (error) {
      throw mapPostingError(error, prepared.transaction.reversesId);
    }
    if (!result.ok) throw refusalError(result.refusal, result.accountId, result.balance, prepared.entries);
    for (const accountId of result.unstriped) {
      if (!(await this.repo.addToStripe(tx, accountId, prepared.entries.find((e) => e.accountId === accountId)!.amount))) throw LedgerErrors.accountNotFound(accountId);
    }
    return toPosted(request, prepared, result);
  }
}

/** A posting ready for the database: system accounts resolved, its id and its audit event. */
function prepare(request: PostingRequest, system: Record<SystemAccountKind, string> | null): PreparedPosting {
  const entries: ResolvedEntry[] = request.entries.map((e) => {
    if ('accountId' in e) return { accountId: e.accountId, amount: e.amount };
    const accountId = system?.[e.systemAccount];
    if (!accountId) throw LedgerErrors.accountNotFound(`${e.systemAccount} of village ${request.villageId}`);
    return { accountId, amount: e.amount };
  });
  if (new Set(entries.map((e) => e.accountId)).size !== entries.length) throw LedgerErrors.invalidEntries('an account appears twice');
  const id = randomUUID();
  const reference = request.reference ?? null;
  const reversesId = request.reversesId ?? null;
  const audit = auditEvent(request.createdBy, `ledger.transaction.${request.kind}`, { type: 'ledger_transaction', id, villageId: request.villageId }, null, {
    kind: request.kind,
    memo: request.memo,
    reference,
    reversesId,
    entries: entries.map((e) => ({ accountId: e.accountId, amount: e.amount })),
  });
  return {
    transaction: {
      id,
      villageId: request.villageId,
      kind: request.kind,
      memo: request.memo,
      referenceType: reference?.type ?? null,
      referenceId: reference?.id ?? null,
      reversesId,
      idempotencyKey: request.idempotencyKey ?? null,
      createdByKind: request.createdBy.kind,
      createdById: request.createdBy.id,
      createdByName: request.createdBy.name.slice(0, 100),
    },
    entries,
    noOverdraft: NO_OVERDRAFT_KINDS.has(request.kind),
    audit,
  };
}

function toPosted(request: PostingRequest, prepared: PreparedPosting, result: PostingAccepted): PostedTransaction {
  const { transaction: t, entries } = prepared;
  return {
    id: t.id,
    villageId: request.villageId,
    kind: request.kind,
    memo: request.memo,
    reference: request.reference ?? null,
    reversesId: t.reversesId,
    createdBy: { kind: request.createdBy.kind, id: request.createdBy.id, name: request.createdBy.name },
    postedAt: result.postedAt,
    entries: result.entries.map((e) => ({ id: e.id, accountId: e.accountId, amount: entries.find((x) => x.accountId === e.accountId)!.amount, balanceAfter: e.balanceAfter })),
  };
}
