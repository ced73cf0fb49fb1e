import { boundsOf, decideItem, exceedsCap, inRange, isDeduction, medianPoints, periodWindow } from './decision';

const range = { points: null, minPoints: 1, maxPoints: 10 };
const fixed = { points: 5, minPoints: null, maxPoints: null };
const yes = (points: number | null = null) => ({ approve: true, points });
const no = { approve: false, points: null };

describe('quorum', () => {
  it('is no_quorum with fewer ratings than the quorum, decided at exactly the quorum', () => {
    expect(decideItem([yes(3), yes(4)], 3, 'majority', range)).toEqual({ status: 'no_quorum', finalPoints: null, reason: 'no_quorum' });
    expect(decideItem([yes(3), yes(4), yes(5)], 3, 'majority', range).status).toBe('approved');
  });

  it('is no_quorum with no ratings at all, even with a quorum of 0', () => {
    expect(decideItem([], 0, 'majority', range).status).toBe('no_quorum');
  });
});

describe('majority', () => {
  it('needs strictly more than half of the ratings cast: a tie rejects', () => {
    expect(decideItem([yes(3), yes(3), no, no], 3, 'majority', range)).toEqual({ status: 'rejected', finalPoints: null, reason: 'decision' });
    expect(decideItem([yes(3), yes(3), no], 3, 'majority', range)).toEqual({ status: 'approved', finalPoints: 3, reason: null });
  });

  it('counts rejections in the quorum', () => {
    expect(decideItem([no, no, no], 3, 'majority', range).status).toBe('rejected');
  });
});

describe('unanimous', () => {
  it('rejects on a single dissent and approves when all approve', () => {
    expect(decideItem([yes(2), yes(2), yes(2), no], 3, 'unanimous', range).status).toBe('rejected');
    expect(decideItem([yes(2), yes(4), yes(9)], 3, 'unanimous', range)).toEqual({ status: 'approved', finalPoints: 4, reason: null });
  });

  it('still needs the quorum', () => {
    expect(decideItem([yes(2), yes(2)], 3, 'unanimous', range).status).toBe('no_quorum');
  });
});

describe('final points', () => {
  it('are the fixed points of a fixed rule, whatever members proposed', () => {
    expect(decideItem([yes(), yes(), no], 3, 'majority', fixed)).toEqual({ status: 'approved', finalPoints: 5, reason: null });
  });

  it('are the median of the approving members only', () => {
    expect(decideItem([yes(1), yes(9), yes(5), no, no], 5, 'majority', range).finalPoints).toBe(5);
  });

  it('median with an even count: mean of the middle pair, a half rounded toward zero', () => {
    expect(medianPoints([2, 4])).toBe(3);
    expect(medianPoints([2, 3])).toBe(2);
    expect(medianPoints([10, 1, 3, 4])).toBe(3);
    expect(medianPoints([-2, -3])).toBe(-2);
    expect(medianPoints([-1, 2])).toBe(0);
    expect(medianPoints([7])).toBe(7);
    expect(decideItem([yes(2), yes(3), yes(8), yes(9)], 3, 'majority', range).finalPoints).toBe(5);
  });

  it('never computes the median of nothing', () => {
    expect(() => medianPoints([])).toThrow();
  });
});

describe('rules and caps', () => {
  it('knows the bounds of fixed and range rules, and deductions', () => {
    expect(boundsOf(fixed)).toEqual([5, 5]);
    expect(boundsOf(range)).toEqual([1, 10]);
    expect(inRange(range, 10)).toBe(true);
    expect(inRange(range, 11)).toBe(false);
    expect(inRange(range, 2.5)).toBe(false);
    expect(isDeduction({ points: -5, minPoints: null, maxPoints: null })).toBe(true);
    expect(isDeduction({ points: null, minPoints: -10, maxPoints: -1 })).toBe(true);
    expect(isDeduction(range)).toBe(false);
  });

  it('counts caps in absolute points: reaching the cap is fine, passing it is not', () => {
    expect(exceedsCap(null, 1000, 5)).toBe(false);
    expect(exceedsCap(10, 5, 5)).toBe(false);
    expect(exceedsCap(10, 6, 5)).toBe(true);
    expect(exceedsCap(10, 6, -5)).toBe(true);
  });

  it('finds the month, quarter and year of a date', () => {
    expect(periodWindow('2026-11-15', 'month')).toEqual({ key: '2026-11', start: '2026-11-01', end: '2026-11-30' });
    expect(periodWindow('2028-02-03', 'month')).toEqual({ key: '2028-02', start: '2028-02-01', end: '2028-02-29' });
    expect(periodWindow('2026-11-15', 'quarter')).toEqual({ key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(periodWindow('2026-05-01', 'quarter')).toEqual({ key: '2026-Q2', start: '2026-04-01', end: '2026-06-30' });
    expect(periodWindow('2026-05-01', 'year')).toEqual({ key: '2026', start: '2026-01-01', end: '2026-12-31' });
  });
});
