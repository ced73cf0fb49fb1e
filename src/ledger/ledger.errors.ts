import { DomainError } from '../common/errors';

/** The ledger's failures, as contract codes (API.md "Error codes"). */
export const LedgerErrors = {
  unbalanced: (detail: string) => new DomainError('unbalanced_transaction', detail),
  insufficientPoints: (accountId: string, balance: number, required: number) =>
    new DomainError('insufficient_points', `Account ${accountId} has ${balance} points; this posting needs ${required}`, {
      accountId,
      balance,
      required,
    }),
  /** API.md lists invalid_state as 409; the issue asked 422 for a frozen account, the code table wins. */
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
