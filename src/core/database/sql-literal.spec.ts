import { escapeLiteral } from 'pg';
import { dollarQuoted, sqlLiteral } from './sql-literal';

describe('sqlLiteral', () => {
  it('gives the very text of pg escapeLiteral for quotes, backslashes, JSON and CJK text', () => {
    const samples = ['', "'", '\\', "a'b\\c", "''\\\\", '{"memo":"基准\\"奖励\'s","n":1}', 'E\'x\'', '\u0000\n\t'];
    const alphabet = ["'", '\\', '"', 'a', '积', '分', ' ', '\n', 'E'];
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(Math.random() * 12);
      samples.push(Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join(''));
    }
    for (const s of samples) expect(sqlLiteral(s)).toBe(escapeLiteral(s));
  });
});

describe('dollarQuoted', () => {
  const tagOf = (literal: string) => /^(\$jifen_[0-9a-f]{24}\$)/.exec(literal)?.[1];

  it('wraps the text as it is between one tag, which holds no text of a request', () => {
    for (const s of ['', "a'b\\c", '{"t":"{\\"memo\\":\\"基准\\"}"}', '$$', '$jifen_$', 'x$jifen_00$y']) {
      const literal = dollarQuoted(s);
      const tag = tagOf(literal);
      expect(tag).toBeDefined();
      expect(literal).toBe(`${tag}${s}${tag}`);
    }
  });

  it("falls back to an escaped literal for a text that holds the tag, which would end the quote early", () => {
    const tag = tagOf(dollarQuoted('x'))!;
    const hostile = `'); DROP TABLE t; --${tag}\\`;
    expect(dollarQuoted(hostile)).toBe(escapeLiteral(hostile));
  });
});
