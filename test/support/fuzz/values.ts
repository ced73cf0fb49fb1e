/** Hostile inputs the fuzzer mixes into otherwise well-formed requests. */

const huge = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));

/** Strings that are unusual but valid Unicode text: must be stored and returned byte for byte when accepted. */
export const UNICODE_EDGE = [
  '👨‍👩‍👧‍👦', // ZWJ family: one grapheme, 11 UTF-16 units
  '🇨🇳🏳️‍🌈',
  '𠮷野家', // astral CJK
  '\u202Eabc\u202C', // right-to-left override
  '\u200F\u05E9\u05DC\u05D5\u05DD\u200E', // RLM, Hebrew, LRM
  'مرحبا بالعالم',
  'e\u0301\u0301\u0301', // stacked combining marks
  '\uFEFFbom',
  '\u200B\u200C\u200D', // zero-width
  'Ǆǅǆ İı ß ﬀ',
  '\u3000全角空格\u3000',
  '\t\r\n',
  '\u2028\u2029',
  '\uFFFD\uFFFF',
];

/** Strings that are not valid text for a database column: NUL, lone surrogates. */
export const INVALID_TEXT = ['\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\uDBFF\uDBFF', '%00', '\\u0000'];

export const INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE households; --",
  '" OR ""="',
  "1; SELECT pg_sleep(5) --",
  "' UNION SELECT password_hash FROM users --",
  '$1',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  '../../../../etc/passwd',
  '=cmd|\'/c calc\'!A1', // CSV formula
  '@SUM(1+1)',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '',
  ' ',
  '\\',
  '"',
  "'",
  '*',
  '%',
  '_',
];

export const HUGE_STRINGS = [huge('x', 20_000), huge('积', 200_000), huge('😀', 600_000)];

/** Raw JSON number literals (spliced into the body text), past 2^53 and past double range. */
export const RAW_NUMBERS = ['9007199254740993', '-9007199254740993', '1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0', '0.0000001', '1.5', '2147483648', '-2147483649'];
export const NUMBERS = [0, -1, -0.5, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308, Number.MIN_VALUE];

export const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '12345678-1234-1234-1234-12345678901', // one short
  '12345678-1234-1234-1234-1234567890123',
  'g2345678-1234-1234-1234-123456789012',
  '{12345678-1234-1234-1234-123456789012}',
  '123456781234123412341234567890ab',
  '1',
  '-1',
  '0x10',
  "' OR 1=1 --",
  '%',
  '..',
];

export const BAD_CURSORS = ['', 'x', '!!!!', 'eyJ9', Buffer.from('{"id":"x"}').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('{"k":"\u0000","id":1e400}').toString('base64url'), Buffer.from('null').toString('base64url'), 'A'.repeat(5000), "' OR 1=1 --"];

/** Header values Node itself accepts (visible ASCII and Latin-1), but the API must refuse or ignore. */
export const BAD_HEADER_VALUES = ['', ' ', 'x'.repeat(300), 'k\u00e9y', 'a b', '"quoted"', ',', 'W/', 'W/"', '*', '"', "'; DROP TABLE x; --", '\u00ff\u00fe'];

export const BAD_AUTHORIZATION = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Bearer x.y.z',
  'Bearer ...',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'Basic cm9vdDpyb290',
  'bearer',
  'Token abc',
  `Bearer ${'a'.repeat(6000)}`,
  'Bearer jfr_0000',
  'Bearer jfk_0000',
];

/** Field names that no create/update body may set (mass assignment). */
export const FORBIDDEN_FIELDS = ['balance', 'villageId', 'status', 'stockOnHand', 'accountId', 'id', 'createdAt', 'version', 'passwordHash', 'roles', 'isAdmin', 'totalPoints', 'hash', '__proto__', 'constructor'];

/** Wrong-typed stand-ins for any value. */
export const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, '', 'text', '12', [], [1, 'a'], {}, { a: 1 }, [{}], [[[]]]];

export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const MALFORMED_JSON = ['{', '{"a":', '[', 'nul', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\u0000', '\uFEFF{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '"string"', '123', 'null', '[]', '[{}]', nested(20_000, 'array'), nested(20_000, 'object')];
