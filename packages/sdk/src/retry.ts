import { problemCode } from './errors.js';

/** `fetch` as openapi-fetch calls it: a Request, and runtime-specific extras (an undici dispatcher). */
export type Fetch = (request: Request, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Tries in all, the first included (default 4); 1 turns retrying off. */
  attempts?: number;
  /** Upper bound of the first backoff in ms (default 200); it doubles on each retry. */
  baseDelayMs?: number;
  /** No wait is longer than this, Retry-After included (default 5,000 ms). */
  maxDelayMs?: number;
}

/**
 * Requests that may be sent again without doing twice what they do: reads, writes carrying an
 * Idempotency-Key (the server answers a repeat with the first answer), a refresh (the same
 * refresh token within 30 s gets the same new pair) and a logout (ending an ended session is 204).
 */
export function safeToRepeat(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  if (request.headers.has('idempotency-key')) return true;
  return request.method === 'POST' && /\/v1\/auth\/(refresh|logout)$/.test(new URL(request.url).pathname);
}

/**
 * Retries what is safe to repeat, with the same request (the same Idempotency-Key), after a
 * network error, a 503 (the database is away, the server is restarting) or a 409
 * `request_in_progress` (the first try with this key is still running). Never after another
 * 4xx: the request itself is refused and would be refused again. Waits grow exponentially with
 * full jitter, so that the clients a restart cut off do not all come back at once.
 */
export function retrying(fetch: Fetch, options: RetryOptions = {}): Fetch {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 4));
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  return async (request, init) => {
    if (attempts === 1 || !safeToRepeat(request)) return fetch(request, init);
    for (let attempt = 1; ; attempt++) {
      const last = attempt === attempts;
      let response: Response | undefined;
      try {
        response = await fetch(last ? request : request.clone(), init);
      } catch (error) {
        if (last || request.signal.aborted) throw error;
      }
      if (response) {
        if (last || !(await worthRetrying(response))) return response;
        await response.body?.cancel();
      }
      const backoff = Math.random() * Math.min(max, base * 2 ** (attempt - 1));
      await sleep(Math.min(max, Math.max(backoff, retryAfterMs(response))), request.signal);
    }
  };
}

async function worthRetrying(response: Response): Promise<boolean> {
  return response.status === 503 || (response.status === 409 && (await problemCode(response)) === 'request_in_progress');
}

/** Retry-After (seconds, or an HTTP date) in ms; 0 when absent. */
function retryAfterMs(response: Response | undefined): number {
  const value = response?.headers.get('retry-after');
  if (!value) return 0;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
    };
    const aborted = () => {
      done();
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal.addEventListener('abort', aborted, { once: true });
  });
}
