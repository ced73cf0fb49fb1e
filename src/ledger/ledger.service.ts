import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, assertVillageRole, residentHouseholds } from '../core/identity/actor';
import { Role } from '../core/identity/roles';
import { DomainError } from '../core/errors/errors';
import type { GroupedIdempotentRequest, StoredResponse } from '../core/idempotency/idempotency';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../core/http/pagination';
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
import { LedgerPort, parseTime } from './ledger.port';
import { EntryRow, LedgerRepository, TransactionRow, toAccountInfo } from './ledger.repository';
import { AccountInfo, PostedTransaction } from './ledger.types';
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

/**
 * The ledger's own HTTP use cases (accounts, transactions, verification). Postings go
 * through LedgerPort, the one way into the ledger, like every other module's.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: LedgerRepository,
    private readonly port: LedgerPort,
  ) {}

  /** Balance now, or as of a time. */
  async balanceOf(manager: EntityManager, accountId: string, asOf?: Date): Promise<number> {
    const balance = (await this.port.balances(manager, [accountId], asOf)).get(accountId);
    if (balance === undefined) throw LedgerErrors.accountNotFound(accountId);
    return balance;
  }

  async findAccount(manager: EntityManager, accountId: string): Promise<AccountInfo | null> {
    const row = await this.repo.findAccount(manager, accountId);
    return row ? toAccountInfo(row) : null;
  }

  // ---- HTTP use cases ----

  /**
   * POST /v1/transactions: a manual adjustment or transfer by a village admin, through group
   * commit (its key claimed and its response stored in the batch's transaction).
   */
  async createTransaction(actor: Actor, dto: CreateTransactionDto, idempotent: GroupedIdempotentRequest): Promise<StoredResponse> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    if (dto.kind === 'transfer') {
      // An account's kind never changes: read outside the posting's transaction.
      const accounts = await this.repo.findAccounts(this.dataSource.manager, dto.entries.map((e) => e.accountId));
      const system = accounts.find((a) => a.kind !== 'household');
      if (system) throw LedgerErrors.invalidEntries(`a transfer moves points between households; ${system.id} is the ${system.kind} account`);
    }
    return this.port.postGrouped(
      {
        villageId: dto.villageId,
        kind: dto.kind,
        memo: dto.memo.trim(),
        entries: dto.entries.map((e) => ({ accountId: e.accountId, amount: e.amount })),
        createdBy: actor,
        idempotencyKey: idempotent.key,
      },
      idempotent,
      (posted) => ({ status: idempotent.status, body: toTransactionDto(posted) }),
    );
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
    const posted = await this.port.post(tx, {
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
    const balance = at ? await this.balanceOf(this.dataSource.manager, id, at) : account.balance;
    return { accountId: id, householdId: account.householdId, balance, asOf: (at ?? new Date()).toISOString() };
  }

  async accountEntries(actor: Actor, id: string, query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    await this.readableAccount(actor, id);
    return this.port.statement(this.dataSource.manager, id, query);
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
