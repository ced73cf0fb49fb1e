import { escapeLiteral } from 'pg';
import { sqlLiteral } from './sql-literal';

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
