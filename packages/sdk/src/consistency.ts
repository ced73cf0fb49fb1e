import type { Fetch } from './retry.js';

/** The header a server with read replicas answers writes with, and that reads send back. */
export const CONSISTENCY_HEADER = 'X-Jifen-Consistency';

/** A WAL position `16/B374D848` as a number that orders like the WAL; null when it is not one. */
function position(token: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(token);
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null;
}

/**
 * Read-your-writes with read replicas: keeps the latest X-Jifen-Consistency a response
 * carried (the database position after this client's last write) and sends it with every
 * request, so the server answers reads from a replica only once it holds that write.
 * A server without replicas sends none, and then nothing is added.
 */
export function consistent(fetch: Fetch): Fetch {
  let latest: { token: string; at: bigint } | undefined;
  return async (request, init) => {
    let sent = request;
    if (latest && !request.headers.has(CONSISTENCY_HEADER)) {
      const headers = new Headers(request.headers);
      headers.set(CONSISTENCY_HEADER, latest.token);
      sent = new Request(request, { headers });
    }
    const response = await fetch(sent, init);
    const token = response.headers.get(CONSISTENCY_HEADER);
    const at = token ? position(token) : null;
    if (token && at !== null && (!latest || at > latest.at)) latest = { token, at };
    return response;
  };
}
