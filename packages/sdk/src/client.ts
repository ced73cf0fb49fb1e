import createClient, { type Client, type FetchOptions } from 'openapi-fetch';
import { consistent } from './consistency.js';
import { unwrap } from './errors.js';
import type { components, paths } from './generated/openapi.js';
import { newIdempotencyKey } from './idempotency-key.js';
import { type JsonMedia, type PageArgs, type PageItem, type PagedPath, paginate } from './paginate.js';
import { type Fetch, type RetryOptions, retrying } from './retry.js';
import { Session, type SessionTokens, authenticated } from './session.js';
import { type TokenStorage, memoryStorage } from './storage.js';

type Schemas = components['schemas'];

export interface JifenClientOptions {
  /** Where the API answers, e.g. `https://jifen.example.org` (no `/v1`). */
  baseUrl: string;
  /** Where the session lives (default: memory). `localStorage` (or `browserStorage()`) shares it between tabs. */
  storage?: TokenStorage;
  /** The storage key of the session (default `jifen.session`); two clients of one origin with their own sessions need two keys. */
  storageKey?: string;
  /** The fetch to use (default: the global one, looked up at each call). */
  fetch?: Fetch;
  /** A machine client's API key, sent as X-Api-Key on every request instead of a session. */
  apiKey?: string;
  /** Retries of requests that are safe to repeat (network errors, 503). */
  retry?: RetryOptions;
  /** Called when the server has ended the session (logged out elsewhere, password changed, user disabled, refresh token expired): time to show the login. */
  onSessionEnd?: () => void;
}

/** Options of the idempotent actions. */
export interface ActionOptions {
  /**
   * The key of this intended operation (default: a new one per call, reused by the call's own
   * retries). Pass your own to carry one user action across calls, e.g. a sale retried after a reload.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The GET paths that answer this media type (receipts, CSV exports). */
type TextPath<Media extends string> = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: Record<Media, unknown> } } } } ? P : never;
}[keyof paths];

/** The GET paths that answer CSV (`Accept: text/csv`). */
export type CsvPath = TextPath<'text/csv'>;
type TextArgs<P extends keyof paths> = paths[P] extends { get: infer Op }
  ? Op extends { parameters: { query: object } | { path: object } }
    ? [options: FetchOptions<Op>]
    : [options?: FetchOptions<Op>]
  : never;

/**
 * Every typed call of the API (`GET`, `POST`, `PATCH`, `DELETE` on every path; `data` typed as
 * the JSON answer where a route also speaks CSV or HTML), and the helpers a front end needs.
 */
export interface JifenClient extends Client<paths, JsonMedia> {
  /** Starts a session (stored in the client's storage); wrong credentials throw `invalid_credentials`. */
  login(username: string, password: string): Promise<Schemas['TokensDto']>;
  /** Ends the session on the server (its access and refresh tokens stop at once) and forgets it here. */
  logout(): Promise<void>;
  /** The stored session, if any. */
  getSession(): Promise<SessionTokens | null>;
  /** Adopts tokens obtained elsewhere (another client, a server-side login). */
  setSession(tokens: SessionTokens): Promise<void>;
  /** POST /v1/redemptions: a sale at the counter. */
  redeem(body: Schemas['CreateRedemptionDto'], options?: ActionOptions): Promise<Schemas['RedemptionDto']>;
  /** POST /v1/redemptions/{id}/cancel: refunds the points and restocks. */
  cancelRedemption(redemptionId: string, body: Schemas['CancelRedemptionDto'], options?: ActionOptions): Promise<Schemas['RedemptionDto']>;
  /** POST /v1/transactions: a manual posting (adjustment, transfer). */
  postTransaction(body: Schemas['CreateTransactionDto'], options?: ActionOptions): Promise<Schemas['TransactionDto']>;
  /** POST /v1/transactions/{id}/reverse. */
  reverse(transactionId: string, body: Schemas['ReverseTransactionDto'], options?: ActionOptions): Promise<Schemas['TransactionDto']>;
  /** POST /v1/scoring-rounds/{id}/post: the round's decisions become ledger transactions. */
  postRound(roundId: string, options?: ActionOptions): Promise<Schemas['PostResultDto']>;
  /** The sale's receipt as printer-ready text (32 columns). */
  receipt(redemptionId: string, options?: { signal?: AbortSignal }): Promise<string>;
  /** A report or export as CSV text, e.g. `csv('/v1/villages/{id}/leaderboard', { params: { path: { id }, query: { period } } })`. */
  csv<P extends CsvPath>(path: P, ...options: TextArgs<P>): Promise<string>;
  /** Every item of a list, page after page: see `paginate`. */
  paginate<P extends PagedPath>(path: P, ...options: PageArgs<P>): AsyncGenerator<PageItem<P>, void, undefined>;
}

export function createJifenClient(options: JifenClientOptions): JifenClient {
  const baseFetch: Fetch = options.fetch ?? ((request, init) => globalThis.fetch(request, init));
  // Outside the retries: a retried request carries the same token, and every answer updates it.
  const network = consistent(retrying(baseFetch, options.retry));
  // Login, refresh and logout carry their own credentials: no session attached, no refresh on 401.
  const bare = createClient<paths>({ baseUrl: options.baseUrl, fetch: network });
  const session = new Session(
    options.storage ?? memoryStorage(),
    options.storageKey ?? 'jifen.session',
    async (refreshToken) => {
      const { data, response } = await bare.POST('/v1/auth/refresh', { body: { refreshToken } });
      return data ? { tokens: data } : { ended: response.status === 401 };
    },
    options.onSessionEnd,
  );
  // Typed calls read JSON, so they ask for it: a route whose default is another type (the receipt's is text) then answers JSON too.
  const api = createClient<paths, JsonMedia>({ baseUrl: options.baseUrl, fetch: authenticated(network, session, options.apiKey), headers: { Accept: 'application/json' } });
  const key = (action: ActionOptions | undefined) => ({ 'Idempotency-Key': action?.idempotencyKey ?? newIdempotencyKey() });

  const client: JifenClient = {
    ...api,
    async login(username, password) {
      const tokens = unwrap(await bare.POST('/v1/auth/login', { body: { username, password } }));
      await session.save(tokens);
      return tokens;
    },
    async logout() {
      const tokens = await session.tokens();
      if (!tokens) return;
      try {
        // The bearer token names the session even once expired.
        unwrap(await bare.POST('/v1/auth/logout', { headers: { Authorization: `Bearer ${tokens.accessToken}` } }));
      } finally {
        await session.clear();
      }
    },
    getSession: () => session.tokens(),
    setSession: (tokens) => session.save(tokens),
    async redeem(body, action) {
      return unwrap(await api.POST('/v1/redemptions', { params: { header: key(action) }, body, signal: action?.signal }));
    },
    async cancelRedemption(redemptionId, body, action) {
      return unwrap(await api.POST('/v1/redemptions/{id}/cancel', { params: { path: { id: redemptionId }, header: key(action) }, body, signal: action?.signal }));
    },
    async postTransaction(body, action) {
      return unwrap(await api.POST('/v1/transactions', { params: { header: key(action) }, body, signal: action?.signal }));
    },
    async reverse(transactionId, body, action) {
      return unwrap(await api.POST('/v1/transactions/{id}/reverse', { params: { path: { id: transactionId }, header: key(action) }, body, signal: action?.signal }));
    },
    async postRound(roundId, action) {
      return unwrap(await api.POST('/v1/scoring-rounds/{id}/post', { params: { path: { id: roundId }, header: key(action) }, signal: action?.signal }));
    },
    async receipt(redemptionId, init) {
      const result = await api.GET('/v1/redemptions/{id}/receipt', { params: { path: { id: redemptionId } }, headers: { Accept: 'text/plain' }, parseAs: 'text', signal: init?.signal });
      return unwrap(result);
    },
    async csv(path, ...[init]) {
      const get = api.GET as unknown as (path: string, init: object) => Promise<{ data?: string; error?: unknown; response: Response }>;
      const request = (init ?? {}) as { headers?: HeadersInit };
      const headers = new Headers(request.headers);
      headers.set('Accept', 'text/csv');
      return unwrap(await get(path, { ...request, headers, parseAs: 'text' }));
    },
    paginate: (path, ...init) => paginate(api, path, ...init),
  };
  return client;
}
