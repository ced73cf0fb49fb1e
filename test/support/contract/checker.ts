import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_STATUS } from '../../../src/core/errors/errors';
import { SchemaValidators } from './schemas';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A response as any client saw it. */
export interface ObservedResponse {
  method: string;
  /** Path and query (a full URL is fine too). */
  url: string;
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as received; undefined when the client kept none (HEAD). */
  text: string | undefined;
}

export const CONTRACT_FILE = join(__dirname, '..', '..', '..', 'openapi', 'openapi.json');

/** Headers that mean something to a client: present on a response, the document must describe them there. */
const WATCHED_HEADERS = ['etag', 'idempotent-replayed', 'retry-after', 'www-authenticate', 'location'];
const PROBLEM = 'application/problem+json';

interface Operation {
  method: string;
  path: string;
  segments: (string | null)[];
  spec: Json;
}

/** `/v1/villages/{id}` → ['v1', 'villages', null]: null matches any one non-empty segment. */
export const templateSegments = (template: string): (string | null)[] => template.split('/').slice(1).map((s) => (/^\{.+\}$/.test(s) ? null : s));

export function templateMatches(template: (string | null)[], path: string): boolean {
  const segments = path.split('/').slice(1);
  return template.length === segments.length && template.every((s, i) => (s === null ? segments[i] !== '' : s === segments[i]));
}

const mediaTypeOf = (header: string | string[] | undefined) => String(header ?? '').split(';')[0].trim().toLowerCase();
const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);

/**
 * Checks responses against the committed openapi/openapi.json: the status is documented for
 * the operation, the content type is one it lists, the body conforms to the schema (closed:
 * no undocumented members), an error's `code` is one the operation lists, documented required
 * headers are there and the headers a client acts on (ETag, Retry-After, ...) are documented
 * where they appear. A path the document does not know must answer 404, a method it does not
 * list for a known path 405 with Allow.
 */
export class ContractChecker {
  private readonly operations: Operation[] = [];
  private readonly schemas: SchemaValidators;

  constructor(private readonly doc: Json = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'))) {
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, spec] of Object.entries(item as Json)) this.operations.push({ method: method.toUpperCase(), path, segments: templateSegments(path), spec });
    }
    this.schemas = new SchemaValidators(doc.components.schemas);
  }

  /** Whether the document has this operation (path as a template: `/v1/villages/{id}`). */
  documents(method: string, path: string): boolean {
    return this.operations.some((o) => o.method === method && o.path === path);
  }

  /**
   * What is wrong with the response, one line each; empty when it keeps to the contract.
   * `outside`: routes the contract does not cover (Swagger UI, test-only controllers); only
   * their errors are checked, as problem+json.
   */
  check(res: ObservedResponse, outside: (method: string, path: string) => boolean = () => false): string[] {
    const method = res.method.toUpperCase();
    // Not `new URL()`: it would resolve `..` and re-encode, and the server sees the path as sent.
    const path = res.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0];
    if (method === 'OPTIONS') return []; // CORS preflights and Allow: not operations of the document
    if (outside(method, path)) return res.status >= 400 ? this.problemShape(res) : [];
    const candidates = this.operations.filter((o) => this.matches(o, path));
    if (!candidates.length) return this.expectProblem(res, 404, 'not_found', 'a path the document does not know');
    const wanted = method === 'HEAD' ? 'GET' : method;
    const operation = candidates.filter((o) => o.method === wanted).sort((a, b) => this.staticSegments(b) - this.staticSegments(a))[0];
    if (!operation) {
      const problems = this.expectProblem(res, 405, 'method_not_allowed', `a method ${path} does not list`);
      const documented = new Set(candidates.flatMap((o) => (o.method === 'GET' ? ['GET', 'HEAD'] : [o.method])));
      const allow = String(res.headers.allow ?? '').split(',').map((m) => m.trim()).filter(Boolean);
      if (res.status === 405 && [...documented].sort().join() !== [...allow].sort().join()) {
        problems.push(`405 with Allow: ${allow.join(', ') || '(none)'}; the document lists ${[...documented].join(', ')}`);
      }
      return problems;
    }
    return this.checkOperation(res, operation).map((p) => `${operation.method} ${operation.path} → ${res.status}: ${p}`);
  }

  private matches(o: Operation, path: string): boolean {
    return templateMatches(o.segments, path);
  }

  private staticSegments(o: Operation): number {
    return o.segments.filter((s) => s !== null).length;
  }

  private resolve(node: Json | undefined): Json | undefined {
    if (!node || typeof node.$ref !== 'string') return node;
    const [, , kind, name] = (node.$ref as string).split('/');
    return this.resolve(this.doc.components[kind]?.[name]);
  }

  private checkOperation(res: ObservedResponse, operation: Operation): string[] {
    const response = this.resolve(operation.spec.responses[String(res.status)]);
    if (!response) return [`status ${res.status} is not documented (documented: ${Object.keys(operation.spec.responses).join(', ')})`];
    const problems: string[] = [];
    const content = (response.content ?? {}) as Json;
    const mediaType = mediaTypeOf(res.headers['content-type']);
    const bodyless = res.method.toUpperCase() === 'HEAD' || !Object.keys(content).length;
    if (!Object.keys(content).length && res.text) problems.push(`a body (${res.text.length} bytes) where the document says there is none`);
    if (!bodyless) {
      const media = content[mediaType];
      if (!media) problems.push(`content type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`);
      else if (isJson(mediaType)) problems.push(...this.checkJson(res.text ?? '', media.schema, mediaType === PROBLEM));
      else if (media.schema?.type !== 'string') problems.push(`a ${mediaType} body, but its documented schema is not a string`);
    }
    problems.push(...this.checkHeaders(res, (response.headers ?? {}) as Json));
    return problems;
  }

  private checkJson(text: string, schema: Json, isProblem: boolean): string[] {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`the body is not JSON: ${text.slice(0, 80)}`];
    }
    if (isProblem) {
      const documented = this.documentedCodes(schema);
      const code = (body as Json)?.code;
      if (!documented.includes(code)) return [`error code ${JSON.stringify(code)} is not documented for this operation and status (documented: ${documented.join(', ')})`];
    }
    return this.schemas.validate(schema, body).map((p) => `body ${p}`);
  }

  /** The `code` values of a problem schema: one code's schema, or a oneOf of them. */
  private documentedCodes(schema: Json): string[] {
    const resolved = this.resolve(schema) ?? {};
    if (resolved.oneOf) return (resolved.oneOf as Json[]).flatMap((s) => this.documentedCodes(s));
    return (resolved.properties?.code?.enum as string[] | undefined) ?? [];
  }

  private checkHeaders(res: ObservedResponse, documented: Json): string[] {
    const problems: string[] = [];
    const byName = new Map(Object.entries(documented).map(([name, header]) => [name.toLowerCase(), this.resolve(header as Json)!]));
    for (const [name, header] of byName) {
      const value = res.headers[name];
      if (value === undefined) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      const typed = header.schema?.type === 'integer' && /^\d+$/.test(String(value)) ? Number(value) : String(value);
      problems.push(...this.schemas.validate(header.schema ?? {}, typed).map((p) => `header ${name}: ${p.replace('(body) ', '')}`));
    }
    for (const name of WATCHED_HEADERS) {
      if (res.headers[name] !== undefined && !byName.has(name)) problems.push(`header ${name} is sent but not documented for this status`);
    }
    return problems;
  }

  /** For answers outside any operation: the problem+json every error is, with the expected status and code. */
  private expectProblem(res: ObservedResponse, status: number, code: string, what: string): string[] {
    if (res.status !== status) return [`${res.method} ${res.url}: ${what} answered ${res.status}, not ${status} ${code}`];
    const problems = this.problemShape(res);
    const body = this.parse(res.text);
    if (body?.code !== code) problems.push(`${res.method} ${res.url}: ${status} with code ${JSON.stringify(body?.code)}, not ${code}`);
    return problems;
  }

  private problemShape(res: ObservedResponse): string[] {
    const where = `${res.method} ${res.url} → ${res.status}`;
    if (mediaTypeOf(res.headers['content-type']) !== PROBLEM) return [`${where}: an error that is not ${PROBLEM}`];
    const body = this.parse(res.text);
    const code = body?.code as keyof typeof ERROR_STATUS | undefined;
    if (!code || ERROR_STATUS[code] !== res.status) return [`${where}: code ${JSON.stringify(code)} does not go with status ${res.status}`];
    if (!res.headers['x-request-id'] || body?.requestId !== res.headers['x-request-id']) return [`${where}: requestId and X-Request-Id missing or different`];
    return [];
  }

  private parse(text: string | undefined): Json | undefined {
    try {
      return JSON.parse(text ?? '');
    } catch {
      return undefined;
    }
  }
}
