import { problemCode } from './errors.js';
import type { Fetch } from './retry.js';
import type { TokenStorage } from './storage.js';

/** What a client keeps of a login: enough to call the API and to renew that ability. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** How a refresh went: new tokens, or a refusal (`ended`: the server says the session is over; else it was unavailable). */
export type RefreshOutcome = { tokens: SessionTokens } | { ended: boolean };

/** The tokens in storage, and the one refresh that renews them when the access token expires. */
export class Session {
  /** The refresh started for one expired access token: every request that used it waits for this one. */
  private renewal: { stale: string; result: Promise<SessionTokens | null> } | undefined;

  constructor(
    private readonly storage: TokenStorage,
    private readonly key: string,
    private readonly refresh: (refreshToken: string) => Promise<RefreshOutcome>,
    private readonly onEnd: (() => void) | undefined,
  ) {}

  async tokens(): Promise<SessionTokens | null> {
    const stored = await this.storage.getItem(this.key);
    if (!stored) return null;
    try {
      const tokens = JSON.parse(stored) as Partial<SessionTokens>;
      return typeof tokens.accessToken === 'string' && typeof tokens.refreshToken === 'string' ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } : null;
    } catch {
      return null;
    }
  }

  async save(tokens: SessionTokens): Promise<void> {
    await this.storage.setItem(this.key, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  }

  async clear(): Promise<void> {
    await this.storage.removeItem(this.key);
  }

  /**
   * The tokens to replay a request with after its access token `stale` expired, or null when
   * the session is over. Single flight: the first caller with `stale` starts one refresh (the
   * entry is set before any await), every other caller with it waits for that one, and a caller
   * arriving after it finished gets its result: a burst of expired requests costs one refresh.
   */
  renew(stale: string): Promise<SessionTokens | null> {
    if (this.renewal?.stale === stale) return this.renewal.result;
    const result = this.renewFrom(stale);
    this.renewal = { stale, result };
    // A failed refresh (network) is not remembered: the next expired request tries again.
    result.catch(() => {
      if (this.renewal?.result === result) this.renewal = undefined;
    });
    return result;
  }

  private async renewFrom(stale: string): Promise<SessionTokens | null> {
    const current = await this.tokens();
    if (!current) return null;
    // Another tab sharing the storage (or an earlier renewal here) has refreshed already:
    // presenting the used refresh token again would be taken for theft after 30 s.
    if (current.accessToken !== stale) return current;
    const outcome = await this.refresh(current.refreshToken);
    if ('tokens' in outcome) {
      await this.save(outcome.tokens);
      return outcome.tokens;
    }
    if (outcome.ended) await this.end(current);
    return null;
  }

  /**
   * The server says this session is over (refresh refused; or its access token refused as
   * `unauthenticated`: logged out elsewhere, password changed, user disabled): forget it and
   * tell the application, unless a newer session has replaced it meanwhile (a login in another tab).
   */
  async end(ended: SessionTokens): Promise<void> {
    if ((await this.tokens())?.refreshToken !== ended.refreshToken) return;
    await this.clear();
    this.onEnd?.();
  }
}

/**
 * Sends requests with the session's access token; on 401 `token_expired` renews it (one
 * refresh for all the requests that used it) and sends the request again; on 401
 * `unauthenticated` the session is over. Requests that carry their own credentials
 * (Authorization, X-Api-Key) are left alone.
 */
export function authenticated(fetch: Fetch, session: Session, apiKey: string | undefined): Fetch {
  return async (request, init) => {
    if (request.headers.has('authorization') || request.headers.has('x-api-key')) return fetch(request, init);
    if (apiKey !== undefined) return fetch(withHeader(request, 'x-api-key', apiKey), init);
    const tokens = await session.tokens();
    if (!tokens) return fetch(request, init);
    const response = await fetch(withHeader(request.clone(), 'authorization', `Bearer ${tokens.accessToken}`), init);
    const refusal = response.status === 401 ? await problemCode(response) : undefined;
    if (refusal === 'unauthenticated') await session.end(tokens);
    if (refusal !== 'token_expired') return response;
    const renewed = await session.renew(tokens.accessToken);
    if (!renewed) return response;
    await response.body?.cancel();
    return fetch(withHeader(request, 'authorization', `Bearer ${renewed.accessToken}`), init);
  };
}

function withHeader(request: Request, name: string, value: string): Request {
  const headers = new Headers(request.headers);
  headers.set(name, value);
  return new Request(request, { headers });
}
