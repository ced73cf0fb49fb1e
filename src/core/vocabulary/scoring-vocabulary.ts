/**
 * The words of scoring that rules, panels and scoring itself share (the decision rules of
 * a panel, the periods of a rule's cap), kept below all three so none imports another for them.
 */
export const DECISIONS = ['majority', 'unanimous'] as const;
export type DecisionRule = (typeof DECISIONS)[number];

export const CAP_PERIODS = ['month', 'quarter', 'year'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];
