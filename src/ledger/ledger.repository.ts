import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import type { AccountInfo, AccountKind, AccountStatus, TransactionKind } from './ledger.types';

/**
 * Number of counter rows holding a system account's balance. A posting touching a system
 * account adds to one stripe it can lock at once (SKIP LOCKED); with more stripes than
 * postings in flight for one village, no posting ever waits for another on that account.
 */
export const STRIPES = 16;

export interface AccountRow {
  id: string;
  village_id: string;
  kind: AccountKind;
  household_id: string | null;
  status: AccountStatus;
  balance: string;
}

export interface TransactionInsert {
  id: string;
  villageId: string;
  kind: TransactionKind;
  memo: string;
  referenceType: string | null;
  referenceId: string | null;
  reversesId: string | null;
  idempotencyKey: string | null;
  createdByKind: string;
  createdById: string | null;
  createdByName: string;
}

export interface PostingAccountState {
  accountId: string;
  /** Balance before the posting, read under the row lock; null when not a household account of any village. */
  before: number | null;
  status: AccountStatus | null;
  villageId: string | null;
}

export type PostingResult =
  | { ok: false; accounts: PostingAccountState[] }
  | { ok: true; accounts: PostingAccountState[]; postedAt: Date; entryIds: string[]; unstriped: string[] };

interface PostingRow {
  ok: boolean;
  posted_at: Date | null;
  accounts: { accountId: string; before: string | null; status: AccountStatus | null; villageId: string | null }[];
  entry_ids: Record<string, string> | null;
  striped: string[] | null;
}

export interface TransactionRow {
  id: string;
  village_id: string;
  kind: TransactionKind;
  memo: string;
  reference_type: string | null;
  reference_id: string | null;
  reverses_id: string | null;
  created_by_kind: string;
  created_by_id: string | null;
  created_by_name: string;
  posted_at: Date;
  posted_at_text: string;
}

export interface EntryRow {
  id: string;
  transaction_id: string;
  account_id: string;
  amount: string;
  balance_after: string | null;
  posted_at: Date;
}

export const toAccountInfo = (row: AccountRow): AccountInfo => ({
  id: row.id,
  villageId: row.village_id,
  kind: row.kind,
  householdId: row.household_id,
  status: row.status,
  balance: Number(row.balance),
});

const ACCOUNT_COLUMNS = `a.id, a.village_id, a.kind, a.household_id, a.status,
  CASE WHEN a.kind = 'household' THEN a.balance
       ELSE (SELECT coalesce(sum(s.balance), 0) FROM ledger_balance_stripes s WHERE s.account_id = a.id) END::text AS balance`;

const TRANSACTION_COLUMNS = `t.id, t.village_id, t.kind, t.memo, t.reference_type, t.reference_id, t.reverses_id,
  t.created_by_kind, t.created_by_id, t.created_by_name, t.posted_at, t.posted_at::text AS posted_at_text`;

/** The SQL of the ledger, one method per intent. Every method runs in the manager it is given. */
@Injectable()
export class LedgerRepository {
  async insertAccount(tx: EntityManager, account: { id: string; villageId: string; kind: AccountKind; householdId: string | null }): Promise<void> {
    await tx.query(`INSERT INTO ledger_accounts (id, village_id, kind, household_id) VALUES ($1, $2, $3, $4)`, [
      account.id,
      account.villageId,
      account.kind,
      account.householdId,
    ]);
    if (account.kind !== 'household') {
      await tx.query(
        `INSERT INTO ledger_balance_stripes (account_id, stripe, village_id) SELECT $1, g, $2 FROM generate_series(0, ${STRIPES - 1}) g`,
        [account.id, account.villageId],
      );
    }
  }

  async findAccounts(manager: EntityManager, ids: string[]): Promise<AccountRow[]> {
    return manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts a WHERE a.id = ANY($1::uuid[])`, [ids]);
  }

  async findAccount(manager: EntityManager, id: string): Promise<AccountRow | null> {
    return (await this.findAccounts(manager, [id]))[0] ?? null;
  }

  async findSystemAccounts(manager: EntityManager, villageId: string): Promise<AccountRow[]> {
    return manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts a WHERE a.village_id = $1 AND a.household_id IS NULL`, [villageId]);
  }

  async setStatus(tx: EntityManager, accountId: string, status: AccountStatus): Promise<boolean> {
    const rows: unknown[] = await tx.query(`UPDATE ledger_accounts SET status = $2 WHERE id = $1 AND kind = 'household' RETURNING 1`, [accountId, status]);
    return rows.length > 0;
  }

  /**
   * Checks and writes one posting in one statement (one round trip), the database function
   * `ledger_post` (migration LedgerPostFunction, planned once per connection):
   * 1. locks the household accounts among the entries in account-id order (the one global
   *    lock order: two postings never wait on each other in a cycle) and reads their
   *    balances under the lock; FOR NO KEY UPDATE is what the balance UPDATE takes anyway
   *    and does not conflict with foreign-key checks;
   * 2. decides: every household account found, of this village, active, and not taken below
   *    zero when `noOverdraft`; entries flagged `isSystem` (known system accounts) are not
   *    locked at all;
   * 3. only if the verdict is ok: inserts the transaction and its entries (households with
   *    their balance after, system accounts with none), sets the household balances, and
   *    adds each system-account amount to a stripe it can lock without waiting (SKIP LOCKED).
   * 4. with the transaction, inserts its audit event (`audit`: the values from
   *    auditEventValues), so a posting and its event are one statement.
   * When the verdict is not ok nothing is written; the caller reads why from `accounts`
   * (balance before, status, village per entry; null balance: not a household account here)
   * and throws, which rolls back and releases the locks.
   */
  async post(
    tx: EntityManager,
    t: TransactionInsert,
    entries: { accountId: string; amount: number; isSystem: boolean }[],
    noOverdraft: boolean,
    audit: unknown[],
  ): Promise<PostingResult> {
    const rows = await preparedQuery<PostingRow>(
      tx,
      'jifen_ledger_post',
      `SELECT r_ok AS ok, r_posted_at AS posted_at, r_accounts AS accounts, r_entry_ids AS entry_ids, r_striped AS striped
         FROM ledger_post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                          $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
      [
        t.id,
        t.villageId,
        t.kind,
        t.memo,
        t.referenceType,
        t.referenceId,
        t.reversesId,
        t.idempotencyKey,
        t.createdByKind,
        t.createdById,
        t.createdByName,
        entries.map((e) => e.accountId),
        entries.map((e) => e.amount),
        entries.map((e) => e.isSystem),
        noOverdraft,
        ...audit,
      ],
    );
    const row = rows[0];
    const accounts = row.accounts.map((a) => ({ ...a, before: a.before === null ? null : Number(a.before) }));
    if (!row.ok) return { ok: false, accounts };
    const striped = new Set(row.striped ?? []);
    return {
      ok: true,
      accounts,
      postedAt: row.posted_at!,
      // A posting names each account once, so the account id identifies its entry.
      entryIds: entries.map((e) => row.entry_ids![e.accountId]),
      unstriped: entries.filter((e) => e.isSystem && !striped.has(e.accountId)).map((e) => e.accountId),
    };
  }

  /** Fallback when every stripe was busy: wait for one (any) stripe. False: the account has no stripes (does not exist). */
  async addToStripe(tx: EntityManager, accountId: string, amount: number): Promise<boolean> {
    const rows: unknown[] = await tx.query(`UPDATE ledger_balance_stripes SET balance = balance + $2 WHERE account_id = $1 AND stripe = $3 RETURNING 1`, [
      accountId,
      amount,
      randomInt(STRIPES),
    ]);
    return rows.length > 0;
  }

  async findTransaction(manager: EntityManager, id: string): Promise<TransactionRow | null> {
    const rows: TransactionRow[] = await manager.query(`SELECT ${TRANSACTION_COLUMNS} FROM ledger_transactions t WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findReversalOf(manager: EntityManager, id: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM ledger_transactions WHERE reverses_id = $1`, [id]);
    return rows[0]?.id ?? null;
  }

  async entriesOf(manager: EntityManager, transactionIds: string[]): Promise<EntryRow[]> {
    if (!transactionIds.length) return [];
    return manager.query(
      `SELECT id::text, transaction_id, account_id, amount::text, balance_after::text, posted_at
         FROM ledger_entries WHERE transaction_id = ANY($1::uuid[]) ORDER BY id`,
      [transactionIds],
    );
  }

  /**
   * Newest first; keyset on (posted_at, id). With an account, driven by that account's
   * entries index (account_id, posted_at, id), not by a scan of the village's transactions.
   */
  async listTransactions(
    manager: EntityManager,
    filter: { villageId: string; kind?: string; accountId?: string; before?: [string, string] | null; limit: number },
  ): Promise<TransactionRow[]> {
    const params: unknown[] = [filter.villageId, filter.limit + 1];
    const where = ['t.village_id = $1'];
    const at = filter.accountId ? 'e.posted_at' : 't.posted_at';
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`t.kind = $${params.length}`);
    }
    if (filter.accountId) {
      params.push(filter.accountId);
      where.push(`e.account_id = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before[0], filter.before[1]);
      where.push(`(${at}, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const from = filter.accountId ? 'ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id' : 'ledger_transactions t';
    return manager.query(
      `SELECT ${TRANSACTION_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
        ORDER BY ${at} DESC, t.id DESC LIMIT $2`,
      params,
    );
  }

  async listAccounts(
    manager: EntityManager,
    filter: { villageId: string; kind?: string; after?: string | null; limit: number },
  ): Promise<AccountRow[]> {
    const params: unknown[] = [filter.villageId, filter.limit + 1];
    const where = ['a.village_id = $1'];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`a.kind = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after);
      where.push(`a.id > $${params.length}::uuid`);
    }
    return manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts a WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT $2`, params);
  }

  /**
   * A passbook page: the account's entries newest first with their transaction's kind and
   * memo. An index range scan on (account_id, posted_at, id), whatever the account's size.
   */
  async statement(
    manager: EntityManager,
    filter: { account: { id: string } | { householdId: string }; from?: Date; to?: Date; before?: [string, string] | null; limit: number },
  ): Promise<(EntryRow & { kind: TransactionKind; memo: string; posted_at_text: string })[]> {
    const byId = 'id' in filter.account;
    const params: unknown[] = [byId ? (filter.account as { id: string }).id : (filter.account as { householdId: string }).householdId, filter.limit + 1];
    // A household's passbook by household id: its account is one probe of ledger_accounts_household_key, in the same query.
    const where = [byId ? 'e.account_id = $1' : `e.account_id = (SELECT id FROM ledger_accounts WHERE household_id = $1 AND kind = 'household')`];
    if (filter.from) {
      params.push(filter.from);
      where.push(`e.posted_at >= $${params.length}`);
    }
    if (filter.to) {
      params.push(filter.to);
      where.push(`e.posted_at < $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before[0], filter.before[1]);
      where.push(`(e.posted_at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    return manager.query(
      `SELECT e.id::text, e.transaction_id, e.account_id, e.amount::text, e.balance_after::text, e.posted_at,
              e.posted_at::text AS posted_at_text, t.kind, t.memo
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.posted_at DESC, e.id DESC LIMIT $2`,
      params,
    );
  }

  /** A household's balance after the last entry at or before `asOf`: one index probe. */
  async householdBalanceAsOf(manager: EntityManager, accountId: string, asOf: Date): Promise<number> {
    const rows: { balance_after: string }[] = await manager.query(
      `SELECT balance_after::text FROM ledger_entries WHERE account_id = $1 AND posted_at <= $2
        ORDER BY posted_at DESC, id DESC LIMIT 1`,
      [accountId, asOf],
    );
    return rows.length ? Number(rows[0].balance_after) : 0;
  }

  /** System accounts carry no running balance (see STRIPES): the sum of their entries up to `asOf`. */
  async systemBalanceAsOf(manager: EntityManager, accountId: string, asOf: Date): Promise<number> {
    const rows: { sum: string }[] = await manager.query(
      `SELECT coalesce(sum(amount), 0)::text AS sum FROM ledger_entries WHERE account_id = $1 AND posted_at <= $2`,
      [accountId, asOf],
    );
    return Number(rows[0].sum);
  }
}
