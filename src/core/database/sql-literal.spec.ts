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
  const TAG = /^(\$jifen_[0-9a-f]{24}\$)/;
  const tagOf = (literal: string) => TAG.exec(literal)?.[1];

  it('wraps the text as it is between one tag, the same for every call of a process', () => {
    const tag = tagOf(dollarQuoted(''));
    expect(tag).toBeDefined();
    for (const s of ["a'b\\c", '{"t":"{\\"memo\\":\\"基准\\"}"}', '$$', '$q$', '$jifen_$', `x${tag!.slice(0, 10)}$y`]) {
      expect(dollarQuoted(s)).toBe(`${tag}${s}${tag}`);
    }
  });

  it('draws a new tag in each process (each load of the module), so that no text can be written to hold it', () => {
    const tags = new Set<string | undefined>();
    for (let i = 0; i < 3; i++) {
      jest.isolateModules(() => {
        const fresh = require('./sql-literal') as typeof import('./sql-literal');
        tags.add(tagOf(fresh.dollarQuoted('x')));
      });
    }
    expect(tags.size).toBe(3);
  });

  it('falls back to an escaped literal for a text that would end the quote early: holding the tag, or ending in it but its last $', () => {
    const tag = tagOf(dollarQuoted('x'))!;
    for (const hostile of [`'); DROP TABLE t; --${tag}\\`, `{"memo":"x"}${tag.slice(0, -1)}`]) {
      expect(dollarQuoted(hostile)).toBe(escapeLiteral(hostile));
    }
  });
});
