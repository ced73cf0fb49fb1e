import type { Actor } from '../core/identity/actor';

export const ACCOUNT_KINDS = ['household', 'issuance', 'redemptions', 'expiry', 'adjustments'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type SystemAccountKind = Exclude<AccountKind, 'household'>;
export const SYSTEM_ACCOUNT_KINDS: readonly SystemAccountKind[] = ['issuance', 'redemptions', 'expiry', 'adjustments'];

export const ACCOUNT_STATUSES = ['active', 'frozen'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const TRANSACTION_KINDS = ['award', 'penalty', 'redemption', 'refund', 'reversal', 'expiry', 'adjustment', 'transfer'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/**
 * Kinds that may not take a household account below zero.
 * `penalty` and `reversal` may: a deduction rule or the correction of a mistake is a
 * governance decision, recorded in the ledger, not refused for want of points.
 */
export const NO_OVERDRAFT_KINDS: ReadonlySet<TransactionKind> = new Set(['redemption', 'transfer', 'adjustment', 'expiry', 'refund', 'award']);

/** Largest absolute amount of one entry: keeps every sum a safe JS integer. */
export const MAX_ENTRY_POINTS = 1_000_000_000;

/**
 * Who posts: what the transaction's created_by and its audit event keep. An Actor is one;
 * the ledger reads no more of it (roles: those held in the posting's village, for the event).
 */
export type LedgerActor = Pick<Actor, 'kind' | 'id' | 'name' | 'grants' | 'requestId' | 'ip'>;

/** Signed points (positive credits the account, negative debits it) to an account named by id, or to a system account of the posting's village named by kind. */
export type PostingEntry = { accountId: string; amount: number } | { systemAccount: SystemAccountKind; amount: number };

/** An entry whose account is named by id (system accounts resolved). */
export interface ResolvedEntry {
  accountId: string;
  amount: number;
}

export interface PostingRequest {
  villageId: string;
  kind: TransactionKind;
  memo: string;
  reference?: { type: string; id: string } | null;
  entries: PostingEntry[];
  createdBy: LedgerActor;
  /** Only for kind `reversal`: the transaction it reverses. */
  reversesId?: string | null;
  /** The Idempotency-Key of the request that caused this posting, kept for tracing. */
  idempotencyKey?: string | null;
}

export interface PostedEntry {
  id: string;
  accountId: string;
  amount: number;
  /** The account's balance after this entry; null for system accounts (see ledger.repository.ts). */
  balanceAfter: number | null;
}

export interface PostedTransaction {
  id: string;
  villageId: string;
  kind: TransactionKind;
  memo: string;
  reference: { type: string; id: string } | null;
  reversesId: string | null;
  createdBy: { kind: string; id: string | null; name: string };
  postedAt: Date;
  entries: PostedEntry[];
}

/** An account to open: a household's, or one of the village's system accounts. */
export type AccountSpec = { kind: 'household'; householdId: string } | { kind: SystemAccountKind };

/** Why ledger_post refused a posting (the first entry that cannot be posted). */
export type PostingRefusal = 'unknown_account' | 'other_village' | 'frozen' | 'overdraft';

export interface AccountInfo {
  id: string;
  villageId: string;
  kind: AccountKind;
  householdId: string | null;
  status: AccountStatus;
  balance: number;
}
