import fc from 'fast-check';
import type { Contract, Operation, Parameter, Schema } from './contract';
import {
  BAD_AUTHORIZATION,
  BAD_CURSORS,
  BAD_HEADER_VALUES,
  BAD_UUIDS,
  FORBIDDEN_FIELDS,
  HUGE_STRINGS,
  INJECTION,
  INVALID_TEXT,
  MALFORMED_JSON,
  NUMBERS,
  RAW_NUMBERS,
  UNICODE_EDGE,
  WRONG_TYPES,
  nested,
} from './values';

/** Real ids of the fuzzed village (and a few of another one), by kind. */
export interface IdPools {
  villages: string[];
  households: string[];
  residents: string[];
  accounts: string[];
  rules: string[];
  panels: string[];
  rounds: string[];
  /** [roundId, itemId] pairs. */
  roundItems: [string, string][];
  items: string[];
  redemptions: string[];
  transactions: string[];
  users: string[];
  apiKeys: string[];
  objections: string[];
  cardNos: string[];
  idNumbers: string[];
  phones: string[];
}

export type Caller = 'admin' | 'village_admin' | 'clerk' | 'auditor' | 'panel_member' | 'resident' | 'none';

export interface FuzzRequest {
  op: string;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  /** The exact body text sent, if any. */
  body?: string;
  caller: Caller;
  /** What was done to the valid request. */
  variants: string[];
}

/** A placeholder string replaced in the serialized body by a raw JSON literal (numbers JSON.stringify cannot write). */
const RAW = (literal: string) => `\u0001RAW:${literal}\u0001`;
const serialize = (body: unknown) => JSON.stringify(body).replace(/"\\u0001RAW:(.*?)\\u0001"/g, (_, literal: string) => literal.replace(/\\"/g, '"'));

const POOL_BY_FIELD: Record<string, keyof IdPools> = {
  villageId: 'villages',
  householdId: 'households',
  householdIds: 'households',
  residentId: 'residents',
  accountId: 'accounts',
  ruleId: 'rules',
  panelId: 'panels',
  roundId: 'rounds',
  itemId: 'items',
  userId: 'users',
  actorId: 'users',
  transactionId: 'transactions',
  entityId: 'households',
  cardNo: 'cardNos',
  idNumber: 'idNumbers',
  phone: 'phones',
};

/** Path prefix → the pool its `{id}` comes from. */
const POOL_BY_PATH: [RegExp, keyof IdPools][] = [
  [/^\/v1\/accounts\//, 'accounts'],
  [/^\/v1\/api-keys\//, 'apiKeys'],
  [/^\/v1\/catalogue-items\//, 'items'],
  [/^\/v1\/households\//, 'households'],
  [/^\/v1\/objections\//, 'objections'],
  [/^\/v1\/panels\//, 'panels'],
  [/^\/v1\/public\/villages\//, 'villages'],
  [/^\/v1\/redemptions\//, 'redemptions'],
  [/^\/v1\/residents\//, 'residents'],
  [/^\/v1\/rules\//, 'rules'],
  [/^\/v1\/scoring-rounds\//, 'rounds'],
  [/^\/v1\/transactions\//, 'transactions'],
  [/^\/v1\/users\//, 'users'],
  [/^\/v1\/villages\//, 'villages'],
];

const DATES = ['2026-01-01', '2026-11-28', '2025-12-31', '1949-10-01', '2026-02-29', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31'];
const DATE_TIMES = ['2026-11-28T00:00:00Z', '2026-11-28T08:00:00+08:00', '1970-01-01T00:00:00.000Z', '2026-11-28', '275760-09-13T00:00:00Z', 'yesterday'];
const PERIODS = ['2026', '2026-Q4', '2026-11', '2025-Q1', '2026-00', '2026-Q5', '99999', '-1'];
const TIMEZONES = ['Asia/Shanghai', 'UTC', 'Asia/Urumqi', 'America/St_Johns', 'Mars/Olympus', 'UTC+8'];

/** Text: mostly plain CJK/ASCII, sometimes unicode edge cases, injections, or random graphemes. */
function text(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  const cap = Math.max(minLength, Math.min(maxLength, 40));
  const fit = (s: string) => (s.length >= minLength && s.length <= maxLength ? s : null);
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...'村民户积分超市张王李赵abcXYZ0123456789-_. '), minLength, maxLength: cap }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: cap }) },
      { weight: 2, arbitrary: fc.constantFrom(...UNICODE_EDGE) },
      { weight: 1, arbitrary: fc.constantFrom(...INJECTION) },
    )
    .map((s) => fit(s) ?? s.slice(0, maxLength).padEnd(minLength, '户'));
}

function pooled(pools: IdPools, pool: keyof IdPools): fc.Arbitrary<string> {
  const values = pools[pool] as string[];
  if (!values.length || typeof values[0] !== 'string') return fc.uuid();
  return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.uuid() });
}

/** A value the schema allows (ids from the pools, dates and periods where the name says so). */
export function validValue(contract: Contract, pools: IdPools, raw: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = contract.resolve(raw);
  const nullable = schema.nullable ? (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) }) : (a: fc.Arbitrary<unknown>) => a;
  if (schema.enum) return nullable(fc.constantFrom(...schema.enum));
  const pool = POOL_BY_FIELD[name];
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid' || (pool && ['cardNo', 'idNumber', 'phone'].includes(name))) return nullable(pooled(pools, pool ?? 'households'));
      if (schema.format === 'date-time' || /^(from|to|asOf)$/.test(name)) return nullable(fc.constantFrom(...DATE_TIMES, ...DATES));
      if (schema.format === 'date' || /(Date|Start|End)$/.test(name)) return nullable(fc.constantFrom(...DATES));
      if (name === 'period') return fc.constantFrom(...PERIODS);
      if (name === 'timezone') return fc.constantFrom(...TIMEZONES);
      if (name === 'cursor') return fc.constantFrom(...BAD_CURSORS);
      if (name === 'username') return fc.stringMatching(/^[a-z][a-z0-9._-]{2,20}$/);
      if (name === 'password') return fc.string({ minLength: 10, maxLength: 30 });
      if (/url$/i.test(name) || name === 'evidence') return fc.constantFrom('https://example.org/a.jpg', 'http://example.org/证据.png', 'ftp://x', 'javascript:alert(1)', 'data:text/html,<b>');
      if (/^(code|sku)$/.test(name)) return fc.stringMatching(/^[A-Z][A-Z0-9-]{1,12}$/);
      return nullable(text(schema.maxLength ?? 200, schema.minLength ?? 0));
    }
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1000;
      return nullable(fc.oneof(fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) }), fc.constantFrom(...[min, max, 0].filter((n) => n >= min && n <= max))));
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const itemName = name.endsWith('s') ? name : name;
      const items = schema.items ? validValue(contract, pools, schema.items, itemName, depth + 1) : fc.string();
      return nullable(fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) }));
    }
    case 'object':
    default: {
      if (!schema.properties || depth > 4) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(schema.properties)) model[key] = validValue(contract, pools, prop, key, depth + 1);
      return nullable(fc.record(model, { requiredKeys: schema.required ?? [] }));
    }
  }
}

/** Paths to every value inside a JSON value (keys of objects, indexes of arrays). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
  return [prefix];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    // Lone surrogates: send the invalid UTF-8 bytes a careless client would.
    return value.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80').replace(/[^%A-Za-z0-9]/g, (c) => encodeURIComponent(c));
  }
};

const MUTATIONS = ['wrongType', 'missing', 'extra', 'massAssign', 'hostileString', 'invalidText', 'hostileNumber', 'rawNumber', 'huge', 'deep', 'badPath', 'badQuery', 'badCursor', 'badHeader', 'badAuth', 'rawBody', 'wrongContentType', 'otherCaller'] as const;
type Mutation = (typeof MUTATIONS)[number];

interface MutationPick {
  kind: Mutation;
  pick: number;
  choice: number;
}

const anyOf = <T>(list: readonly T[], n: number): T => list[n % list.length];
const OTHER_CALLERS: Caller[] = ['village_admin', 'clerk', 'auditor', 'panel_member', 'resident', 'none'];

/** Generated requests for one operation: a valid request, then 0-3 mutations of it. */
export function requestsFor(contract: Contract, op: Operation, pools: IdPools): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters;
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const pathPool = POOL_BY_PATH.find(([re]) => re.test(op.path))?.[1];

  const pathValues: fc.Arbitrary<Record<string, string>> =
    pathParams.some((p) => p.name === 'itemId') && pools.roundItems.length
      ? fc.constantFrom(...pools.roundItems).map(([id, itemId]) => ({ id, itemId }))
      : fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pooled(pools, pathPool ?? 'villages')])) as Record<string, fc.Arbitrary<string>>);
  const queryModel: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of queryParams) queryModel[p.name] = validValue(contract, pools, p.schema, p.name);
  const queryValues = fc.record(queryModel, { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) });
  const bodyValue: fc.Arbitrary<unknown> = op.body ? validValue(contract, pools, op.body, 'body') : fc.constant(undefined);
  const csvBody = fc.array(fc.tuple(fc.stringMatching(/^FZ-[0-9]{1,3}$/), text(20, 1), fc.oneof(fc.constantFrom(...pools.idNumbers, ''), fc.string())), { maxLength: 4 }).map((rows) =>
    ['户号,姓名,身份证号', ...rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\r\n'),
  );
  const mutation = fc.record({ kind: fc.constantFrom(...MUTATIONS), pick: fc.nat(), choice: fc.nat() });
  const mutations = fc.oneof({ weight: 1, arbitrary: fc.constant([] as MutationPick[]) }, { weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
  const callerArb = fc.oneof({ weight: 8, arbitrary: fc.constant<Caller>('admin') }, { weight: 1, arbitrary: fc.constantFrom<Caller>(...OTHER_CALLERS) });

  return fc.record({ path: pathValues, query: queryValues, body: bodyValue, csv: csvBody, key: fc.uuid(), caller: callerArb, mutations }).map(({ path, query, body, csv, key, caller, mutations: ms }) => {
    const variants: string[] = [];
    let pathOut: Record<string, string> = { ...path };
    let queryPairs: [string, string][] = Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v.map((x) => [k, String(x)] as [string, string]) : [[k, String(v)] as [string, string]]));
    const headers: Record<string, string> = {};
    let who: Caller = caller;
    let json: unknown = body;
    let raw: string | undefined;
    let contentType = op.mediaTypes.includes('text/csv') ? 'text/csv' : 'application/json';
    if (op.mediaTypes.includes('text/csv')) raw = csv;
    for (const h of headerParams) {
      if (h.name.toLowerCase() === 'idempotency-key') headers['idempotency-key'] = key;
      if (h.name.toLowerCase() === 'if-match') headers['if-match'] = `"${key.slice(0, 8)}"`;
    }
    if (caller !== 'admin') variants.push(`as:${caller}`);

    for (const m of ms) {
      const paths = json === undefined ? [] : leafPaths(json).filter((p) => p.length > 0);
      const target = paths.length ? anyOf(paths, m.pick) : null;
      switch (m.kind) {
        case 'wrongType':
          if (target) json = setAt(json, target, anyOf(WRONG_TYPES, m.choice));
          else if (op.body) json = anyOf(WRONG_TYPES, m.choice);
          break;
        case 'missing':
          if (target) json = setAt(json, target, undefined, true);
          else if (queryPairs.length) queryPairs.splice(m.pick % queryPairs.length, 1);
          break;
        case 'extra':
          if (typeof json === 'object' && json !== null) json = { ...(json as object), [anyOf(['extra', 'x', '', ' ', '$where', 'a.b', '😀'], m.choice)]: anyOf(WRONG_TYPES, m.pick) };
          else queryPairs.push([anyOf(['extra', 'limit', 'villageId', 'cursor'], m.choice), anyOf(INJECTION, m.pick)]);
          break;
        case 'massAssign':
          if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
            json = { [anyOf(FORBIDDEN_FIELDS, m.choice)]: anyOf<unknown>([1_000_000, 'closed', pools.villages[pools.villages.length - 1], 'active', true], m.pick), ...(json as object) };
          }
          break;
        case 'hostileString':
          if (target) json = setAt(json, target, anyOf([...INJECTION, ...UNICODE_EDGE], m.choice));
          else if (queryPairs.length) queryPairs[m.pick % queryPairs.length][1] = anyOf([...INJECTION, ...UNICODE_EDGE], m.choice);
          break;
        case 'invalidText':
          if (target) json = setAt(json, target, anyOf(INVALID_TEXT, m.choice));
          else if (queryPairs.length) queryPairs[m.pick % queryPairs.length][1] = anyOf(INVALID_TEXT, m.choice);
          if (raw !== undefined) raw = `${raw}\r\nFZ-1,${anyOf(INVALID_TEXT, m.choice)},`;
          break;
        case 'hostileNumber':
          if (target) json = setAt(json, target, anyOf(NUMBERS, m.choice));
          else if (queryPairs.length) queryPairs[m.pick % queryPairs.length][1] = String(anyOf(NUMBERS, m.choice));
          break;
        case 'rawNumber':
          if (target) json = setAt(json, target, RAW(anyOf(RAW_NUMBERS, m.choice)));
          else if (queryPairs.length) queryPairs[m.pick % queryPairs.length][1] = anyOf(RAW_NUMBERS, m.choice);
          break;
        case 'huge':
          if (target) json = setAt(json, target, anyOf(HUGE_STRINGS, m.choice));
          else if (queryPairs.length) queryPairs[m.pick % queryPairs.length][1] = 'q'.repeat(4000);
          if (raw !== undefined) raw = `${raw}\r\nFZ-2,${'名'.repeat(5000)},`;
          break;
        case 'deep':
          if (target) json = setAt(json, target, RAW(nested(anyOf([50, 2_000, 20_000], m.choice), m.pick % 2 ? 'array' : 'object')));
          else if (op.body) raw = nested(anyOf([50, 20_000], m.choice), m.pick % 2 ? 'array' : 'object');
          break;
        case 'badPath':
          if (pathParams.length) {
            const p = anyOf(pathParams, m.pick);
            pathOut = { ...pathOut, [p.name]: anyOf([...BAD_UUIDS, ...INVALID_TEXT, ...UNICODE_EDGE, 'x'.repeat(3000), pools.villages[pools.villages.length - 1]], m.choice) };
          }
          break;
        case 'badQuery':
          if (queryParams.length) {
            const p: Parameter = anyOf(queryParams, m.pick);
            const bad = anyOf<string>([...BAD_UUIDS, ...RAW_NUMBERS, '0', '-1', '201', '1000000', 'abc', '', ...INVALID_TEXT], m.choice);
            queryPairs = queryPairs.filter(([k]) => k !== p.name);
            queryPairs.push([p.name, bad]);
            if (m.choice % 5 === 0) queryPairs.push([p.name, bad]); // repeated parameter: an array
          }
          break;
        case 'badCursor':
          queryPairs = queryPairs.filter(([k]) => k !== 'cursor');
          queryPairs.push(['cursor', anyOf(BAD_CURSORS, m.choice)]);
          break;
        case 'badHeader': {
          const name = anyOf(['idempotency-key', 'if-match', 'x-request-id', 'accept', 'content-type', 'x-api-key'], m.pick);
          headers[name] = anyOf([...BAD_HEADER_VALUES, 'text/csv', 'application/xml', '*/*;q=abc'], m.choice);
          break;
        }
        case 'badAuth':
          who = 'none';
          headers.authorization = anyOf(BAD_AUTHORIZATION, m.choice);
          break;
        case 'rawBody':
          raw = anyOf(MALFORMED_JSON, m.choice);
          contentType = 'application/json';
          break;
        case 'wrongContentType':
          contentType = anyOf(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', 'text/csv'], m.choice);
          break;
        case 'otherCaller':
          who = anyOf(OTHER_CALLERS, m.choice);
          break;
      }
      variants.push(m.kind);
    }

    const urlPath = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(pathOut[name] ?? ''));
    const qs = queryPairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    let text: string | undefined = raw;
    if (text === undefined && json !== undefined) text = serialize(json);
    if (text === undefined && op.bodyRequired) text = '';
    if (text !== undefined) headers['content-type'] = headers['content-type'] ?? contentType;
    return { op: op.key, method: op.method, url: qs ? `${urlPath}?${qs}` : urlPath, headers, body: text, caller: who, variants: variants.length ? variants : ['valid'] };
  });
}
