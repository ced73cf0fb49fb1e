import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditEventValues } from '../audit/audit.service';
import { Actor, assertVillageRole, residentHouseholds } from '../auth/actor';
import { Role } from '../auth/roles';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import {
  AccountDto,
  BalanceDto,
  CreateTransactionDto,
  ListAccountsQueryDto,
  ListTransactionsQueryDto,
  PassbookLineDto,
  StatementQueryDto,
  TransactionDto,
} from './dto/ledger.dto';
import { LedgerErrors } from './ledger.errors';
import { EntryRow, LedgerRepository, PostingAccountState, TransactionRow, toAccountInfo } from './ledger.repository';
import {
  AccountInfo,
  AccountKind,
  AccountStatus,
  NO_OVERDRAFT_KINDS,
  PostedTransaction,
  PostingRequest,
  SYSTEM_ACCOUNT_KINDS,
  SystemAccountKind,
} from './ledger.types';
import { validatePosting } from './ledger.validation';
import { VerifyResult, verifyLedger } from './ledger.verifier';

const READ_ROLES: Role[] = ['village_admin', 'auditor', 'clerk'];

export function toTransactionDto(t: PostedTransaction): TransactionDto {
  return {
    id: t.id,
    villageId: t.villageId,
    kind: t.kind,
    memo: t.memo,
    reference: t.reference,
    reversesId: t.reversesId,
    createdBy: t.createdBy,
    postedAt: t.postedAt.toISOString(),
    entries: t.entries.map((e) => ({ id: e.id, accountId: e.accountId, amount: e.amount, balanceAfter: e.balanceAfter })),
  };
}

function toPosted(row: TransactionRow, entries: EntryRow[]): PostedTransaction {
  return {
    id: row.id,
    villageId: row.village_id,
    kind: row.kind,
    memo: row.memo,
    reference: row.reference_id ? { type: row.reference_type ?? '', id: row.reference_id } : null,
    reversesId: row.reverses_id,
    createdBy: { kind: row.created_by_kind, id: row.created_by_id, name: row.created_by_name },
    postedAt: row.posted_at,
    entries: entries
      .filter((e) => e.transaction_id === row.id)
      .map((e) => ({ id: e.id, accountId: e.account_id, amount: Number(e.amount), balanceAfter: e.balance_after === null ? null : Number(e.balance_after) })),
  };
}

const toAccountDto = (a: AccountInfo): AccountDto => ({
  id: a.id,
  villageId: a.villageId,
  kind: a.kind,
  householdId: a.householdId,
  status: a.status,
  balance: a.balance,
});

function parseTime(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DomainError('validation_failed', `${field} is not a time`, { errors: [{ field, message: 'must be an ISO-8601 time' }] });
  }
  return date;
}

/**
 * The only way points move. Other modules call `post` inside their own database
 * transaction; the ledger's HTTP routes get theirs from the idempotency interceptor.
 *
 * Concurrency design (DESIGN.md invariant 7):
 * - Household accounts are locked (FOR NO KEY UPDATE) in account-id order, the one global
 *   order, and their balance is read under that lock; the overdraft decision is made on a
 *   balance no one else can change until commit. Racing debits queue on the row, and only
 *   those the balance still covers succeed. Lock, decision and writes are one SQL statement
 *   (LedgerRepository.post), so a household row is held for one round trip plus commit.
 *   A deadlock or serialization failure (not expected with one lock order) is retried by
 *   the caller's transaction runner (inRetryingTransaction / the idempotency interceptor).
 * - System accounts (issuance, redemptions, ...) are touched by almost every posting of a
 *   village. They are never row-locked: their balance lives in STRIPES counter rows and a
 *   posting adds its amount to a stripe it can lock without waiting (SKIP LOCKED), so awards
 *   and sales of different households run in parallel. Their entries carry no running
 *   balance (balanceAfter null), which would otherwise force one global order on them;
 *   their balance as of a time is a sum of entries (they are read by auditors, not clerks).
 */
@Injectable()
export class LedgerService {
  /** System account facts never change once committed (village, kind), so they are cached. */
  private readonly systemAccounts = new Map<string, { villageId: string; kind: SystemAccountKind }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: LedgerRepository,
  ) {}

  // ---- used by other modules, inside their transaction ----

  async openAccount(tx: EntityManager, input: { villageId: string; kind: AccountKind; householdId?: string | null }): Promise<{ id: string }> {
    const householdId = input.kind === 'household' ? input.householdId : null;
    if (input.kind === 'household' && !householdId) throw new Error('a household account needs its householdId');
    const id = randomUUID();
    await this.repo.insertAccount(tx, { id, villageId: input.villageId, kind: input.kind, householdId: householdId ?? null });
    return { id };
  }

  /** Opens the four system accounts of a new village. */
  async openSystemAccounts(tx: EntityManager, villageId: string): Promise<Record<SystemAccountKind, string>> {
    const ids = {} as Record<SystemAccountKind, string>;
    for (const kind of SYSTEM_ACCOUNT_KINDS) ids[kind] = (await this.openAccount(tx, { villageId, kind })).id;
    return ids;
  }

  async systemAccountIds(manager: EntityManager, villageId: string): Promise<Record<SystemAccountKind, string>> {
    const rows = await this.repo.findSystemAccounts(manager, villageId);
    return Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Record<SystemAccountKind, string>;
  }

  /** Freezes or thaws a household account; a frozen account accepts no postings. */
  async setAccountStatus(tx: EntityManager, accountId: string, status: AccountStatus): Promise<void> {
    if (!(await this.repo.setStatus(tx, accountId, status))) throw LedgerErrors.accountNotFound(accountId);
  }

  /** Current materialised balance. */
  async balanceOf(manager: EntityManager, accountId: string): Promise<number> {
    const row = await this.repo.findAccount(manager, accountId);
    if (!row) throw LedgerErrors.accountNotFound(accountId);
    return Number(row.balance);
  }

  /** Balance as of a time: one index probe for a household account. */
  async balanceAsOf(manager: EntityManager, accountId: string, asOf: Date): Promise<number> {
    const row = await this.repo.findAccount(manager, accountId);
    if (!row) throw LedgerErrors.accountNotFound(accountId);
    return row.kind === 'household'
      ? this.repo.householdBalanceAsOf(manager, accountId, asOf)
      : this.repo.systemBalanceAsOf(manager, accountId, asOf);
  }

  async findAccount(manager: EntityManager, accountId: string): Promise<AccountInfo | null> {
    const row = await this.repo.findAccount(manager, accountId);
    return row ? toAccountInfo(row) : null;
  }

  /** The passbook of one account, newest first, keyset-paginated on (postedAt, entryId). */
  async statementOf(manager: EntityManager, accountId: string, query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['timestamp', 'bigint']) as [string, string] | null;
    const rows = await this.repo.statement(manager, {
      accountId,
      from: parseTime(query.from, 'from'),
      to: parseTime(query.to, 'to'),
      before,
      limit,
    });
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

  /**
   * Posts one balanced transaction in the caller's database transaction and writes its audit
   * event there too. Throws unbalanced_transaction, insufficient_points, invalid_state
   * (frozen account), not_found (unknown account or one of another village).
   */
  async post(tx: EntityManager, request: PostingRequest): Promise<PostedTransaction> {
    validatePosting(request);
    const noOverdraft = NO_OVERDRAFT_KINDS.has(request.kind);
    const id = randomUUID();
    const reference = request.reference ?? null;
    const transaction = {
      id,
      villageId: request.villageId,
      kind: request.kind,
      memo: request.memo,
      referenceType: reference?.type ?? null,
      referenceId: reference?.id ?? null,
      reversesId: request.reversesId ?? null,
      idempotencyKey: request.idempotencyKey ?? null,
      createdByKind: request.createdBy.kind,
      createdById: request.createdBy.id,
      createdByName: request.createdBy.name.slice(0, 100),
    };

    // The posting's audit event, written by the posting statement itself.
    const audit = auditEventValues(request.createdBy, `ledger.transaction.${request.kind}`, { type: 'ledger_transaction', id, villageId: request.villageId }, null, {
      kind: request.kind,
      memo: request.memo,
      reference,
      reversesId: transaction.reversesId,
      entries: request.entries.map((e) => ({ accountId: e.accountId, amount: e.amount })),
    });

    // Two tries at most: the first meets a system account this process has not seen yet,
    // learns it is one (its facts never change), and posts again without locking it.
    for (let attempt = 1; ; attempt++) {
      const entries = request.entries.map((e) => {
        const system = this.systemAccounts.get(e.accountId);
        if (system && system.villageId !== request.villageId) throw LedgerErrors.accountNotFound(e.accountId);
        return { accountId: e.accountId, amount: e.amount, isSystem: system !== undefined };
      });
      let result;
      try {
        result = await this.repo.post(tx, transaction, entries, noOverdraft, audit);
      } catch (error) {
        if (isUniqueViolation(error, 'ledger_transactions_reverses_key')) throw LedgerErrors.alreadyReversed(request.reversesId ?? '');
        throw error;
      }
      if (result.ok) {
        for (const accountId of result.unstriped) {
          if (!(await this.repo.addToStripe(tx, accountId, entries.find((e) => e.accountId === accountId)!.amount))) {
            // Only possible if the cache learned an account whose creating transaction rolled back.
            this.systemAccounts.delete(accountId);
            throw LedgerErrors.accountNotFound(accountId);
          }
        }
        const posted: PostedTransaction = {
          id,
          villageId: request.villageId,
          kind: request.kind,
          memo: request.memo,
          reference,
          reversesId: request.reversesId ?? null,
          createdBy: { kind: request.createdBy.kind, id: request.createdBy.id, name: request.createdBy.name },
          postedAt: result.postedAt,
          entries: entries.map((e, i) => ({
            id: result.entryIds[i],
            accountId: e.accountId,
            amount: e.amount,
            balanceAfter: e.isSystem ? null : result.accounts[i].before! + e.amount,
          })),
        };
        return posted;
      }

      const unknown = entries.filter((e, i) => !e.isSystem && result.accounts[i].before === null).map((e) => e.accountId);
      if (unknown.length && attempt === 1 && (await this.learnSystemAccounts(tx, unknown))) continue;
      throw this.refusal(request, entries, result.accounts, noOverdraft);
    }
  }

  /** Caches the system accounts among `ids`; true when there was one. */
  private async learnSystemAccounts(manager: EntityManager, ids: string[]): Promise<boolean> {
    let learned = false;
    for (const row of await this.repo.findAccounts(manager, ids)) {
      if (row.kind === 'household') continue;
      this.systemAccounts.set(row.id, { villageId: row.village_id, kind: row.kind as SystemAccountKind });
      learned = true;
    }
    return learned;
  }

  /** Why the database refused the posting, for the first entry that explains it. */
  private refusal(request: PostingRequest, entries: { accountId: string; amount: number; isSystem: boolean }[], accounts: PostingAccountState[], noOverdraft: boolean): DomainError {
    for (const [i, entry] of entries.entries()) {
      if (entry.isSystem) continue;
      const account = accounts[i];
      if (account.before === null || account.villageId !== request.villageId) return LedgerErrors.accountNotFound(entry.accountId);
      if (account.status !== 'active') return LedgerErrors.frozen(entry.accountId);
      // The balance was read under the row lock: no concurrent posting could spend it meanwhile.
      if (noOverdraft && entry.amount < 0 && account.before + entry.amount < 0) {
        return LedgerErrors.insufficientPoints(entry.accountId, account.before, -entry.amount);
      }
    }
    return new DomainError('internal', 'The ledger refused the posting for no known reason');
  }

  // ---- HTTP use cases ----

  /** POST /v1/transactions: a manual adjustment or transfer by a village admin. */
  async createTransaction(tx: EntityManager, actor: Actor, dto: CreateTransactionDto, idempotencyKey?: string): Promise<TransactionDto> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    if (dto.kind === 'transfer') {
      const accounts = await this.repo.findAccounts(tx, dto.entries.map((e) => e.accountId));
      const system = accounts.find((a) => a.kind !== 'household');
      if (system) throw LedgerErrors.invalidEntries(`a transfer moves points between households; ${system.id} is the ${system.kind} account`);
    }
    const posted = await this.post(tx, {
      villageId: dto.villageId,
      kind: dto.kind,
      memo: dto.memo.trim(),
      entries: dto.entries.map((e) => ({ accountId: e.accountId, amount: e.amount })),
      createdBy: actor,
      idempotencyKey: idempotencyKey ?? null,
    });
    return toTransactionDto(posted);
  }

  /**
   * Posts the exact opposite of a transaction, once. A redemption is undone through its
   * cancel endpoint (which also restocks), a reversal is not reversed again.
   */
  async reverse(tx: EntityManager, actor: Actor, transactionId: string, reason: string, idempotencyKey?: string): Promise<TransactionDto> {
    const original = await this.repo.findTransaction(tx, transactionId);
    if (!original) throw new DomainError('not_found', 'Transaction not found');
    assertVillageRole(actor, original.village_id, ['village_admin'], 'Transaction');
    if (original.kind === 'redemption') throw LedgerErrors.notReversible(transactionId, 'cancel the redemption instead (POST /v1/redemptions/{id}/cancel)');
    if (original.kind === 'reversal') throw LedgerErrors.notReversible(transactionId, 'it is itself a reversal');
    const existing = await this.repo.findReversalOf(tx, transactionId);
    if (existing) throw LedgerErrors.alreadyReversed(transactionId, existing);
    const entries = await this.repo.entriesOf(tx, [transactionId]);
    const posted = await this.post(tx, {
      villageId: original.village_id,
      kind: 'reversal',
      memo: reason.trim(),
      reference: { type: 'ledger_transaction', id: transactionId },
      reversesId: transactionId,
      entries: entries.map((e) => ({ accountId: e.account_id, amount: -Number(e.amount) })),
      createdBy: actor,
      idempotencyKey: idempotencyKey ?? null,
    });
    return toTransactionDto(posted);
  }

  private assertCanRead(actor: Actor, account: { villageId: string; householdId: string | null }): void {
    if (account.householdId && residentHouseholds(actor, account.villageId).includes(account.householdId)) return;
    assertVillageRole(actor, account.villageId, READ_ROLES, 'Account');
  }

  private async readableAccount(actor: Actor, id: string): Promise<AccountInfo> {
    const account = await this.findAccount(this.dataSource.manager, id);
    if (!account) throw new DomainError('not_found', 'Account not found');
    this.assertCanRead(actor, account);
    return account;
  }

  async getAccount(actor: Actor, id: string): Promise<AccountDto> {
    return toAccountDto(await this.readableAccount(actor, id));
  }

  async listAccounts(actor: Actor, query: ListAccountsQueryDto): Promise<Page<AccountDto>> {
    assertVillageRole(actor, query.villageId, READ_ROLES, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['uuid']);
    const rows = await this.repo.listAccounts(this.dataSource.manager, { villageId: query.villageId, kind: query.kind, after: (after?.[0] as string) ?? null, limit });
    return pageOf(rows, limit, (r) => [r.id], (r) => toAccountDto(toAccountInfo(r)));
  }

  async accountBalance(actor: Actor, id: string, asOf?: string): Promise<BalanceDto> {
    const account = await this.readableAccount(actor, id);
    const at = parseTime(asOf, 'asOf');
    const balance = at ? await this.balanceAsOf(this.dataSource.manager, id, at) : account.balance;
    return { accountId: id, householdId: account.householdId, balance, asOf: (at ?? new Date()).toISOString() };
  }

  async accountEntries(actor: Actor, id: string, query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    await this.readableAccount(actor, id);
    return this.statementOf(this.dataSource.manager, id, query);
  }

  async getTransaction(actor: Actor, id: string): Promise<TransactionDto> {
    const row = await this.repo.findTransaction(this.dataSource.manager, id);
    if (!row) throw new DomainError('not_found', 'Transaction not found');
    assertVillageRole(actor, row.village_id, READ_ROLES, 'Transaction');
    return toTransactionDto(toPosted(row, await this.repo.entriesOf(this.dataSource.manager, [id])));
  }

  async listTransactions(actor: Actor, query: ListTransactionsQueryDto): Promise<Page<TransactionDto>> {
    assertVillageRole(actor, query.villageId, READ_ROLES, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const manager = this.dataSource.manager;
    const rows = await this.repo.listTransactions(manager, { villageId: query.villageId, kind: query.kind, accountId: query.accountId, before, limit });
    const entries = await this.repo.entriesOf(manager, rows.slice(0, limit).map((r) => r.id));
    return pageOf(rows, limit, (r) => [r.posted_at_text, r.id], (r) => toTransactionDto(toPosted(r, entries)));
  }

  /** GET /v1/ledger/verify: auditors of the village, or an admin for one or all villages. */
  async verify(actor: Actor, villageId?: string): Promise<VerifyResult> {
    if (villageId) assertVillageRole(actor, villageId, ['auditor', 'township_officer'], 'Village');
    else if (!actor.grants.some((g) => g.role === 'admin')) {
      throw new DomainError('validation_failed', 'villageId is required unless you are an admin', {
        errors: [{ field: 'villageId', message: 'required' }],
      });
    }
    return verifyLedger(this.dataSource.manager, villageId ?? null);
  }

  /** For the CLI and tests: verify without an actor. */
  verifyAll(villageId: string | null = null): Promise<VerifyResult> {
    return verifyLedger(this.dataSource.manager, villageId);
  }
}
