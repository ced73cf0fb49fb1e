import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuditEventRecord } from '../audit/audit.types';
import type { AccountInfo, AccountKind, AccountStatus, PostingRefusal, ResolvedEntry, TransactionKind } from './ledger.types';

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

export type PostingRefused = { ok: false; refusal: PostingRefusal; accountId: string; balance: number | null };
export type PostingAccepted = { ok: true; postedAt: Date; entries: { id: string; accountId: string; balanceAfter: number | null }[]; unstriped: string[] };
export type PostingResult = PostingRefused | PostingAccepted;

/** One posting as ledger_post / ledger_post_many take it. */
export interface PreparedPosting {
  transaction: TransactionInsert;
  entries: ResolvedEntry[];
  noOverdraft: boolean;
  audit: AuditEventRecord;
}

export interface PostingRow {
  refusal: PostingRefusal | 'key_taken' | null;
  account: string | null;
  balance: string | null;
  posted_at: Date | null;
  entries: { accountId: string; id: string; balanceAfter: string | null }[] | null;
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
  /** Opens accounts (one statement for all; system accounts with their stripes). */
  async insertAccounts(tx: EntityManager, villageId: string, accounts: { id: string; kind: AccountKind; householdId: string | null }[]): Promise<void> {
    if (!accounts.length) return;
    await tx.query(
      `INSERT INTO ledger_accounts (id, village_id, kind, household_id)
       SELECT a.id, $1, a.kind, a.household_id FROM unnest($2::uuid[], $3::varchar[], $4::uuid[]) AS a(id, kind, household_id)`,
      [villageId, accounts.map((a) => a.id), accounts.map((a) => a.kind), accounts.map((a) => a.householdId)],
    );
    const system = accounts.filter((a) => a.kind !== 'household').map((a) => a.id);
    if (system.length) {
      await tx.query(
        `INSERT INTO ledger_balance_stripes (account_id, stripe, village_id)
         SELECT s.account_id, g, $2 FROM unnest($1::uuid[]) AS s(account_id), generate_series(0, ${STRIPES - 1}) g`,
        [system, villageId],
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
   * Checks and writes one posting in one statement (one round trip): the database function
   * ledger_post (src/ledger/sql/ledger-post.function.ts), planned once per connection.
   * 1. locks the household accounts among the entries in account-id order (the one global
   *    lock order: two postings never wait on each other in a cycle) and reads their
   *    balances under the lock; FOR NO KEY UPDATE is what the balance UPDATE takes anyway
   *    and does not conflict with foreign-key checks; system accounts are read, not locked;
   * 2. decides: every account found, of this village; households active and not taken below
   *    zero when `noOverdraft`. The first entry that fails names the refusal and nothing is
   *    written; the caller throws, which rolls back and releases the locks;
   * 3. otherwise inserts the transaction and its entries (households with their balance
   *    after, system accounts with none), sets the household balances, adds each system
   *    amount to a stripe it can lock without waiting (SKIP LOCKED), and writes the audit
   *    event from `audit`, so a posting and its event are one statement.
   */
  async post(tx: EntityManager, { transaction: t, entries, noOverdraft, audit }: PreparedPosting): Promise<PostingResult> {
    const rows: PostingRow[] = await tx.query(
      `SELECT r_refusal AS refusal, r_account AS account, r_balance::text AS balance, r_posted_at AS posted_at, r_entries AS entries, r_striped AS striped
         FROM ledger_post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
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
        noOverdraft,
        JSON.stringify(audit),
      ],
    );
    const row = rows[0];
    if (row.refusal) return { ok: false, refusal: row.refusal as PostingRefusal, accountId: row.account!, balance: row.balance === null ? null : Number(row.balance) };
    const striped = new Set(row.striped ?? []);
    const posted = row.entries!;
    return {
      ok: true,
      postedAt: row.posted_at!,
      entries: posted.map((e) => ({ id: e.id, accountId: e.accountId, balanceAfter: e.balanceAfter === null ? null : Number(e.balanceAfter) })),
      // System accounts carry no balance after; those whose stripes were all busy get one now.
      unstriped: posted.filter((e) => e.balanceAfter === null && !striped.has(e.accountId)).map((e) => e.accountId),
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

  /**
   * Per active household account of the village, the points that expire at `resetAt`: its
   * balance at that instant, less what it has spent since (old points are spent first;
   * earlier expiries are not spending), never more than its balance now nor below zero.
   */
  async expirableBalances(manager: EntityManager, villageId: string, resetAt: Date): Promise<{ accountId: string; points: number }[]> {
    const rows: { account_id: string; expire: string }[] = await manager.query(
      `SELECT a.id AS account_id,
              LEAST(a.balance, GREATEST(0, coalesce(b.balance_after, 0) - coalesce(s.spent, 0)))::text AS expire
       FROM ledger_accounts a
       LEFT JOIN LATERAL (SELECT balance_after FROM ledger_entries e WHERE e.account_id = a.id AND e.posted_at < $2
                          ORDER BY e.posted_at DESC, e.id DESC LIMIT 1) b ON true
       LEFT JOIN LATERAL (SELECT -sum(e.amount) AS spent FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                          WHERE e.account_id = a.id AND e.amount < 0 AND t.kind <> 'expiry' AND e.posted_at >= $2) s ON true
       WHERE a.village_id = $1 AND a.kind = 'household' AND a.status = 'active'
       ORDER BY a.id`,
      [villageId, resetAt],
    );
    return rows.map((r) => ({ accountId: r.account_id, points: Number(r.expire) }));
  }
}
