import { RedemptionDto } from './dto/redemption.dto';
import { RECEIPT_WIDTH, displayWidth, renderReceipt, wrap } from './receipt';

/** A completed sale of one line, item `i1`. */
const saleOf = (overrides: Partial<RedemptionDto> = {}): RedemptionDto => ({
  id: '3f2a9c1e-8d4b-4f6a-9e2c-1b7d5a3c9e01',
  status: 'completed',
  villageId: 'v',
  householdId: 'h',
  residentId: null,
  totalPoints: 100,
  balanceAfter: 350,
  transactionId: 't',
  refundTransactionId: null,
  balanceAfterRefund: null,
  lines: [{ itemId: 'i1', name: '东北长粒香大米 五公斤装 真空包装 特级', quantity: 2, unitPoints: 50 }],
  clerk: 'li',
  cancelReason: null,
  cancelledAt: null,
  createdAt: '2026-11-28T15:30:00.000Z',
  ...overrides,
});

describe('thermal receipt', () => {
  it('counts CJK characters as two columns and wraps without splitting them', () => {
    expect(displayWidth('大米 5kg')).toBe(8);
    expect(wrap('一二三四五六七八九十一二三四五六七')).toEqual(['一二三四五六七八九十一二三四五六', '七']);
  });

  it('renders every line within 32 columns with the facts a shop needs', () => {
    const text = renderReceipt({
      village: '南林桥村',
      timeZone: 'Asia/Shanghai',
      householdCode: 'A-012',
      sale: saleOf(),
    });
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(RECEIPT_WIDTH);
    expect(text).toContain('2026-11-28 23:30');
    expect(text).toContain('A-012');
    expect(lines.some((l) => /^合计积分 +100$/.test(l))).toBe(true);
    expect(lines.some((l) => /^兑换后余额 +350$/.test(l))).toBe(true);
    expect(text.replace(/\n/g, '')).toContain('3f2a9c1e-8d4b-4f6a-9e2c-1b7d5a3c9e01');
  });

  it('never prints a control character, whatever the stored names hold', () => {
    const text = renderReceipt({
      village: '南林\u001b@桥村\u2028',
      timeZone: 'Asia/Shanghai',
      householdCode: 'A-012\u0010\u0014',
      sale: saleOf({ totalPoints: 10, balanceAfter: 5, lines: [{ itemId: 'i1', name: '大米\u001bp\u0001\u0019\u00fa\u001dVA\u0003\u0085\u200b', quantity: 1, unitPoints: 10 }] }),
    });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u2028]/);
    expect(text).toContain('南林@桥村');
    expect(text).toContain('大米pú');
  });

  it('shows a cancelled sale with the balance after its refund', () => {
    const text = renderReceipt({
      village: '南林桥村',
      timeZone: 'Asia/Shanghai',
      householdCode: 'A-012',
      sale: saleOf({ status: 'cancelled', balanceAfterRefund: 450, cancelledAt: '2026-11-28T16:00:00.000Z' }),
    });
    expect(text).toContain('*** 已撤销 ***');
    expect(text.split('\n').some((l) => /^退还后余额 +450$/.test(l))).toBe(true);
  });
});
