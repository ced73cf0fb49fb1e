import { isCommonPassword } from './password-policy';

describe('common passwords', () => {
  it('knows the list, in any letter case, and nothing else', () => {
    for (const password of ['123456', 'password', 'qwertyuiop', 'Password123', '1234567890', '1QAZ2WSX3EDC']) expect(isCommonPassword(password)).toBe(true);
    for (const password of ['jifen-demo-2026', 'long-enough-pw', '# The 10,000 most common passwords, most common first: the first 10,000 entries of', '']) {
      expect(isCommonPassword(password)).toBe(false);
    }
  });
});
