import { LedgerErrors } from './ledger.errors';
import { MAX_ENTRY_POINTS, PostingRequest, TRANSACTION_KINDS } from './ledger.types';

/**
 * The checks a posting passes before it reaches the database (which checks double entry
 * again, in a deferred trigger): at least two entries, non-zero integer amounts, each
 * account once, a sum of zero, a memo, and a reversal naming what it reverses.
 */
export function validatePosting(request: PostingRequest): void {
  const { entries } = request;
  if (!TRANSACTION_KINDS.includes(request.kind)) throw LedgerErrors.invalidEntries(`unknown transaction kind ${request.kind}`, 'kind');
  if ((request.kind === 'reversal') !== Boolean(request.reversesId)) {
    throw LedgerErrors.invalidEntries('a reversal, and only a reversal, names the transaction it reverses', 'reversesId');
  }
  if (!request.memo || request.memo.length > 500) throw LedgerErrors.invalidEntries('memo is required (at most 500 characters)', 'memo');
  if (!Array.isArray(entries) || entries.length < 2) {
    throw LedgerErrors.unbalanced(`a transaction needs at least two entries; got ${Array.isArray(entries) ? entries.length : 0}`);
  }
  const seen = new Set<string>();
  let sum = 0;
  entries.forEach((e, i) => {
    if (!Number.isSafeInteger(e.amount) || e.amount === 0 || Math.abs(e.amount) > MAX_ENTRY_POINTS) {
      throw LedgerErrors.invalidEntries(`amount must be a non-zero integer of at most ${MAX_ENTRY_POINTS} points`, `entries.${i}.amount`);
    }
    const account = 'accountId' in e ? e.accountId : `the ${e.systemAccount} account`;
    if (seen.has(account)) throw LedgerErrors.invalidEntries(`account ${account} appears twice`, `entries.${i}.accountId`);
    seen.add(account);
    sum += e.amount;
  });
  if (sum !== 0) throw LedgerErrors.unbalanced(`entries must sum to zero; they sum to ${sum}`);
}
