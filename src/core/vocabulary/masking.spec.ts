import { maskName } from './masking';

describe('masked names', () => {
  it('keeps the first and last character', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
  });
});
