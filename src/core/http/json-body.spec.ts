import { MAX_JSON_DEPTH, inputProblem } from './json-body';

const nest = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('request input checks', () => {
  it('accepts bodies up to the depth limit and refuses deeper ones, without recursing', () => {
    expect(inputProblem(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(inputProblem(nest(MAX_JSON_DEPTH + 1))).toBe('too_deep');
    expect(inputProblem(nest(200_000))).toBe('too_deep');
  });

  it('accepts any text a column can store: CJK, emoji, RTL marks, combining marks', () => {
    expect(inputProblem({ name: '南林桥村 👨‍👩‍👧‍👦 \u202Eabc\u202C 𠮷 e\u0301', list: ['\u200F', '\uFEFF'] })).toBeNull();
  });

  it.each([['a\u0000b'], ['\uD800'], ['x\uDFFFy'], ['\uDBFF\uDBFF'], ['\uDC00\uD800']])('refuses %j in a value or a key', (bad) => {
    expect(inputProblem({ nested: [{ name: bad }] })).toBe('unstorable_text');
    expect(inputProblem({ [bad]: 1 })).toBe('unstorable_text');
  });
});
