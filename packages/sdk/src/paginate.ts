import type { Client, FetchOptions } from 'openapi-fetch';
import { unwrap } from './errors.js';
import type { paths } from './generated/openapi.js';

type Page = { items: unknown[]; nextCursor: string | null };

/** The media types a JifenClient's typed calls read: JSON, and problem+json for errors (text goes through `receipt` and `csv`). */
export type JsonMedia = `${string}/json` | `${string}/${string}+json`;

/** The paths whose GET answers a page: `{ items, nextCursor }`. */
export type PagedPath = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: { 'application/json': Page } } } } } ? P : never;
}[keyof paths];

type PagedOperation<P extends PagedPath> = paths[P]['get'];

/** The type of one item of a paged path's pages. */
export type PageItem<P extends PagedPath> = PagedOperation<P>['responses'][200]['content']['application/json']['items'][number];

/** The request options of a paged path, without the cursor (the iterator owns it). */
export type PageOptions<P extends PagedPath> = FetchOptions<PagedOperation<P>>;

/** Optional when the path needs no parameter, required when it does (a `villageId`, a path id). */
export type PageArgs<P extends PagedPath> = PagedOperation<P>['parameters'] extends { query: object } | { path: object } ? [options: PageOptions<P>] : [options?: PageOptions<P>];

/**
 * Every item of a list, page after page (following `nextCursor` until it is null), fetched as
 * the loop asks for them: `for await (const h of paginate(client, '/v1/households', { params:
 * { query: { villageId } } }))`. `limit` in the query sets the page size (up to 200).
 * A failed page throws a JifenError.
 */
export async function* paginate<P extends PagedPath>(client: Pick<Client<paths, JsonMedia>, 'GET'> | Pick<Client<paths>, 'GET'>, path: P, ...[options]: PageArgs<P>): AsyncGenerator<PageItem<P>, void, undefined> {
  // The generic path defeats openapi-fetch's per-path typing inside: the signature above carries it.
  type Init = { params?: { query?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
  const get = client.GET as unknown as (path: string, init: Init) => Promise<{ data?: Page; error?: unknown; response: Response }>;
  const init = (options ?? {}) as Init;
  let cursor: string | null = null;
  do {
    const query: Record<string, unknown> = { ...init.params?.query, ...(cursor === null ? {} : { cursor }) };
    const data = unwrap(await get(path, { ...init, params: { ...init.params, query } }));
    yield* data.items as PageItem<P>[];
    cursor = data.nextCursor;
  } while (cursor !== null);
}
