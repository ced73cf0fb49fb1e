import { isUniqueViolation } from '../core/database/db-errors';
import { DomainError } from '../core/errors/errors';
import type { PostingRefusal, ResolvedEntry } from './ledger.types';

/** The ledger's failures, as contract codes. */
export const LedgerErrors = {
  unbalanced: (detail: string) => new DomainError('unbalanced_transaction', detail),
  insufficientPoints: (accountId: string, balance: number, required: number) =>
    new DomainError('insufficient_points', `Account ${accountId} has ${balance} points; this posting needs ${required}`, {
      accountId,
      balance,
      required,
    }),
  /** The contract lists invalid_state as 409; the issue asked 422 for a frozen account, the code table wins. */
  frozen: (accountId: string) => new DomainError('invalid_state', `Account ${accountId} is frozen and accepts no postings`, { accountId }),
  accountNotFound: (accountId: string) => new DomainError('not_found', `Account ${accountId} not found in this village`, { accountId }),
  invalidEntries: (detail: string, field = 'entries') =>
    new DomainError('validation_failed', detail, { errors: [{ field, message: detail }] }),
  alreadyReversed: (id: string, reversalId?: string | null) =>
    new DomainError('already_reversed', `Transaction ${id} has already been reversed${reversalId ? ` by ${reversalId}` : ''}`, {
      ...(reversalId ? { reversalId } : {}),
    }),
  notReversible: (id: string, why: string) => new DomainError('invalid_state', `Transaction ${id} cannot be reversed: ${why}`),
};

/** The contract's error for ledger_post's refusal code (the decision itself is made in SQL). */
export function refusalError(refusal: PostingRefusal, accountId: string, balance: number | null, entries: ResolvedEntry[]) {
  switch (refusal) {
    case 'unknown_account':
    case 'other_village':
      return LedgerErrors.accountNotFound(accountId);
    case 'frozen':
      return LedgerErrors.frozen(accountId);
    case 'overdraft':
      return LedgerErrors.insufficientPoints(accountId, balance ?? 0, -entries.find((e) => e.accountId === accountId)!.amount);
  }
}

/** A database error of one posting as the contract's error (a second reversal of one transaction). */
export function mapPostingError(error: unknown, reversesId: string | null): unknown {
  if (isUniqueViolation(error, 'ledger_transactions_reverses_key')) return LedgerErrors.alreadyReversed(reversesId ?? '');
  return error;
}
