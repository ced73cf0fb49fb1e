import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Points that moved on household accounts, per account, village-local day and flow
 * (award, penalty, redemption, refund, expiry, adjustment, transfer, reversal_earned for
 * reversals of awards and penalties, reversal_other). Kept by the ledger (a trigger on its entries, src/ledger/sql/household-points-daily-add.function.ts),
 * in the posting's own transaction and under the household lock the posting already holds,
 * so reports read a few thousand rows instead of scanning millions of entries.
 */
@Entity({ name: 'household_points_daily' })
@Index('household_points_daily_village_day_idx', ['villageId', 'day'])
export class HouseholdPointsDaily {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  flow: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'bigint' })
  points: string;
}

/** Flows that count as points earned (leaderboard, stars): spending never costs a rank. */
export const EARNED_FLOWS = ['award', 'penalty', 'reversal_earned'] as const;

/**
 * Points earned (EARNED_FLOWS) per household account and village-local month, kept by the
 * same trigger: leaderboards and stars cover whole months, so a year reads at most twelve
 * rows per household; (village, month, points) counts the households above one in a month.
 */
@Entity({ name: 'household_earned_monthly' })
@Index('household_earned_monthly_village_month_points_idx', ['villageId', 'month', 'points'])
export class HouseholdEarnedMonthly {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** First day of the local month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'bigint' })
  points: string;
}
