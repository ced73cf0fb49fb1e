import { type Fetch, type JifenClient, type JifenClientOptions, createJifenClient } from '@jifen/sdk';
import { AddressInfo } from 'node:net';
import type { TestApp } from './test-app';

/** One request the SDK sent, and what came back (or that the connection failed). */
export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  apiKey: string | null;
  idempotencyKey: string | null;
  accept: string | null;
  status?: number;
  code?: string;
  requestId?: string | null;
  replayed?: string | null;
  failed?: boolean;
}

/** A fetch that records what the SDK sends and receives, changing nothing. */
export function observedFetch(): { fetch: Fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch: Fetch = async (request, init) => {
    const entry: SeenRequest = {
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      apiKey: request.headers.get('x-api-key'),
      idempotencyKey: request.headers.get('idempotency-key'),
      accept: request.headers.get('accept'),
    };
    seen.push(entry);
    try {
      const response = await globalThis.fetch(request, init);
      entry.status = response.status;
      entry.requestId = response.headers.get('x-request-id');
      entry.replayed = response.headers.get('idempotent-replayed');
      if (response.status >= 400) entry.code = ((await response.clone().json().catch(() => ({}))) as { code?: string }).code;
      return response;
    } catch (error) {
      entry.failed = true;
      throw error;
    }
  };
  return { fetch, seen };
}

/** The app on a loopback port (the SDK speaks real HTTP); its base URL. */
export async function listening(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** An SDK client whose requests are recorded in `seen`, logged in as `user` when given. */
export async function sdkClient(
  baseUrl: string,
  user?: { username: string; password: string },
  options: Partial<JifenClientOptions> = {},
): Promise<{ client: JifenClient; seen: SeenRequest[] }> {
  const { fetch, seen } = observedFetch();
  const client = createJifenClient({ baseUrl, fetch, ...options });
  if (user) await client.login(user.username, user.password);
  return { client, seen };
}
