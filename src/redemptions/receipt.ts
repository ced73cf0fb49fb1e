import { RedemptionDto } from './dto/redemption.dto';

/** Thermal shop printers: 32 columns; a CJK character takes two. */
export const RECEIPT_WIDTH = 32;

function charWidth(codePoint: number): number {
  return (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
    ? 2
    : 1;
}

/**
 * What a printer must never receive as text: control characters (ESC/POS commands start with
 * ESC, GS, FS or DLE: ESC p opens the cash drawer, GS V cuts the paper), invisible format
 * characters and line or paragraph separators (they would also upset the column count).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Text as it may reach the paper: unprintable characters dropped. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '');
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** Splits text into lines of at most `width` columns, never cutting a wide character. */
export function wrap(text: string, width = RECEIPT_WIDTH): string[] {
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width) {
      lines.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += w;
  }
  if (current || !lines.length) lines.push(current);
  return lines;
}

/** Label on the left, value on the right, in one line when they fit. */
function row(label: string, value: string): string[] {
  const gap = RECEIPT_WIDTH - displayWidth(label) - displayWidth(value);
  return gap >= 1 ? [label + ' '.repeat(gap) + value] : [...wrap(label), ' '.repeat(Math.max(0, RECEIPT_WIDTH - displayWidth(value))) + value];
}

function center(text: string): string[] {
  return wrap(text).map((line) => ' '.repeat(Math.floor((RECEIPT_WIDTH - displayWidth(line)) / 2)) + line);
}

export interface ReceiptInput {
  village: string;
  timeZone: string;
  sale: RedemptionDto;
  householdCode: string;
}

/**
 * The plain-text receipt: village, date, household, lines, total, balance after, sale id.
 * Stored text passes through printable() whatever the input rules were when it was saved
 * (names are refused with control characters now; a village name or an older row may not be).
 */
export function receiptLines({ village, timeZone, sale, householdCode }: ReceiptInput): string[] {
  const rule = '-'.repeat(RECEIPT_WIDTH);
  const when = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(sale.createdAt));
  const out: string[] = [...center(`${printable(village)} 积分超市`), rule, ...row('日期', when), ...row('户号', printable(householdCode)), rule];
  for (const line of sale.lines) {
    out.push(...wrap(printable(line.name)));
    out.push(...row(`  ${line.quantity} x ${line.unitPoints}`, String(line.quantity * line.unitPoints)));
  }
  out.push(rule, ...row('合计积分', String(sale.totalPoints)), ...row('兑换后余额', String(sale.balanceAfter)));
  if (sale.status === 'cancelled') {
    out.push(rule, ...center('*** 已撤销 ***'));
    if (sale.balanceAfterRefund !== null) out.push(...row('退还后余额', String(sale.balanceAfterRefund)));
  }
  out.push(rule, '单号', ...wrap(sale.id));
  return out;
}

/** The plain-text receipt: the lines, each ended by a newline. */
export function renderReceipt(input: ReceiptInput): string {
  return `${receiptLines(input).join('\n')}\n`;
}
