import { randomBytes } from 'node:crypto';
import type { PostingAccepted } from './ledger.repository';

/** What a grouped posting's caller answers once it is accepted (status and JSON body). */
export interface GroupedResponse {
  status: number;
  body: unknown;
}

/** A response rendered before its posting is written: the JSON text as a format() string of the values the database fills in. */
export interface ResponseTemplate {
  status: number;
  template: string;
}

/** Random per process: no text a request sends can hold a marker, so each marker is found exactly where it was put. */
const NONCE = randomBytes(12).toString('hex');
const marker = (n: number) => `jifen-fill:${NONCE}:${n}`;
/** A marker as JSON renders it (quotes included), or a %, which format() reads as its own syntax. */
const CUT = new RegExp(`"jifen-fill:${NONCE}:(\\d+)"|%`, 'g');

/**
 * The response of a posting as `respond` renders it, rendered before the posting is written.
 * `respond` is given a result whose time and entries' ids and balances are markers; each marker,
 * a JSON string in the rendered text, is cut out for a positional argument of PostgreSQL's
 * format(): the time %1$s, entry k's id %(2k+2)$s and its balance after %(2k+3)$s, k the entry's
 * place in accountIds (ledger_claim_responses fills them in, in the posting's own transaction).
 * A literal % of the text is doubled, as format() reads it.
 *
 * `respond` renders the time with toISOString (or JSON), and an entry's id and balance as they are.
 */
export function responseTemplate(respond: (result: PostingAccepted) => GroupedResponse, accountIds: string[]): ResponseTemplate {
  const postedAt = new Date(0);
  // The Date's own toISOString (JSON.stringify's toJSON calls it too): the time's marker.
  postedAt.toISOString = () => marker(1);
  const entries = accountIds.map((accountId, k) => ({
    id: marker(2 * k + 2),
    accountId,
    // A string where the balance's number goes: its quotes are cut out with it.
    balanceAfter: marker(2 * k + 3) as unknown as number,
  }));
  const response = respond({ ok: true, postedAt, entries, unstriped: [] });
  const values = 2 * accountIds.length + 1;
  const seen = new Array<number>(values + 1).fill(0);
  // One pass over the text (the response is rendered for every posting of every batch).
  const template = JSON.stringify(response.body ?? null).replace(CUT, (cut, n?: string) => {
    if (n === undefined) return '%%';
    seen[Number(n)]++;
    return `%${n}$s`;
  });
  for (let n = 1; n <= values; n++) {
    if (seen[n] !== 1) throw new Error(`response template: value ${n} rendered ${seen[n]} times, not once`);
  }
  return { status: response.status, template };
}
