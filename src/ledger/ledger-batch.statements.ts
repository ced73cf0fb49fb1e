import { Injectable } from '@nestjs/common';
import { dollarQuoted } from '../core/database/sql-literal';
import { IDEMPOTENCY_RETENTION, IdempotentRequest } from '../core/idempotency/idempotency';
import type { PostingResult, PostingRow, PreparedPosting } from './ledger.repository';
import type { ResponseTemplate } from './response-template';

/** A posting's idempotency claim as its batch sends it: the key, and the response as a template. */
export interface TemplatedClaim {
  transactionId: string;
  /** The posting's entries' accounts, in the order of the template's entries. */
  accounts: string[];
  request: IdempotentRequest;
  response: ResponseTemplate;
}

/** What a committed batch's message answered: one result per posting, in their order, and each claimed posting's stored body by transaction id. */
export interface BatchAnswer {
  posted: (PostingResult | 'taken')[];
  bodies: Map<string, string>;
}

/**
 * The SQL of group commit (PostingBatcher), as text: a batch is one simple-protocol message,
 * BEGIN, ledger_post_many, ledger_claim_responses and COMMIT, so each argument is written in
 * as a (dollar-quoted) literal. The ledger's other statements, run through an EntityManager
 * with parameters, are LedgerRepository's.
 */
@Injectable()
export class LedgerBatchStatements {
  /** Rolls back what a failed message left open (after an error at COMMIT, PostgreSQL only warns). */
  readonly rollback = 'ROLLBACK';

  /**
   * The batch's one message, one transaction: BEGIN, postMany, claimResponses (when a posting
   * has a key) and COMMIT. Read its results with readMessage.
   */
  message(postings: PreparedPosting[], keys: (IdempotentRequest | null)[], claims: TemplatedClaim[]): string {
    const claim = claims.length ? `${this.claimResponses(claims)};\n` : '';
    return `BEGIN;\n${this.postMany(postings, keys)};\n${claim}COMMIT`;
  }

  /** The results of a message (one per statement, BEGIN first) of `count` postings, `claimed`: it had claims. */
  readMessage(results: { rows: unknown[] }[], count: number, claimed: boolean): BatchAnswer {
    return {
      posted: this.readPostMany(results[1].rows as (PostingRow & { ord: number })[], count),
      bodies: claimed ? this.readClaimResponses(results[2].rows as { id: string; body: string }[]) : new Map<string, string>(),
    };
  }

  /**
   * ledger_post_many (src/ledger/sql/ledger-post-many.function.ts), which checks and writes
   * the postings. `claims` (one per posting, or null) are the requests' idempotency keys, which
   * the function checks (claimResponses claims them). Read its rows with readPostMany.
   */
  private postMany(postings: PreparedPosting[], claims: (IdempotentRequest | null)[]): string {
    const payload = postings.map(({ transaction: t, entries, noOverdraft, audit }, i) => ({
      id: t.id,
      village_id: t.villageId,
      kind: t.kind,
      memo: t.memo,
      reference_type: t.referenceType,
      reference_id: t.referenceId,
      reverses_id: t.reversesId,
      idempotency_key: t.idempotencyKey,
      created_by_kind: t.createdByKind,
      created_by_id: t.createdById,
      created_by_name: t.createdByName,
      no_overdraft: noOverdraft,
      accounts: entries.map((e) => e.accountId),
      amounts: entries.map((e) => e.amount),
      audit,
      claim: claims[i] && { scope: claims[i].scope, key: claims[i].key },
    }));
    return `SELECT r_ord AS ord, r_refusal AS refusal, r_account AS account, r_balance::text AS balance, r_posted_at AS posted_at, r_entries AS entries
      FROM ledger_post_many(${dollarQuoted(JSON.stringify(payload))}::jsonb)`;
  }

  /** One result per posting of a postMany statement, in their order; 'taken': its idempotency key is held (replay it). */
  private readPostMany(rows: (PostingRow & { ord: number })[], count: number): (PostingResult | 'taken')[] {
    const results: (PostingResult | 'taken')[] = new Array(count);
    for (const row of rows) {
      if (row.refusal === 'key_taken') results[row.ord] = 'taken';
      else if (row.refusal) results[row.ord] = { ok: false, refusal: row.refusal, accountId: row.account!, balance: row.balance === null ? null : Number(row.balance) };
      else {
        results[row.ord] = {
          ok: true,
          postedAt: row.posted_at!,
          entries: row.entries!.map((e) => ({ id: e.id, accountId: e.accountId, balanceAfter: e.balanceAfter === null ? null : Number(e.balanceAfter) })),
          // The batch's system amounts went to stripes in the function itself.
          unstriped: [],
        };
      }
    }
    return results;
  }

  /**
   * ledger_claim_responses (src/ledger/sql/ledger-claim-responses.function.ts), after postMany
   * in the same transaction: claims the keys of the postings it accepted, with their responses
   * filled in. Read its rows with readClaimResponses.
   */
  private claimResponses(claims: TemplatedClaim[]): string {
    const payload = claims.map((c) => ({
      id: c.transactionId,
      accounts: c.accounts,
      scope: c.request.scope,
      key: c.request.key,
      village_id: c.request.villageId,
      hash: c.request.hash,
      status: c.response.status,
      template: c.response.template,
      retention: IDEMPOTENCY_RETENTION,
    }));
    return `SELECT r_id AS id, r_body AS body FROM ledger_claim_responses(${dollarQuoted(JSON.stringify(payload))}::jsonb)`;
  }

  /** The stored response body of each claimed posting, by transaction id. */
  private readClaimResponses(rows: { id: string; body: string }[]): Map<string, string> {
    return new Map(rows.map((r) => [r.id, r.body]));
  }
}
