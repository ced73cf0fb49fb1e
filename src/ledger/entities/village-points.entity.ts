import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The columns both grains share: a village, a flow, a stripe and the points. */
abstract class VillagePointsRow {
  @PrimaryColumn({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  flow: string;

  @PrimaryColumn({ type: 'smallint' })
  stripe: number;

  @Column({ type: 'bigint' })
  points: string;
}

/**
 * Points that moved on a village's household accounts, per village-local day and flow
 * (the flows of household_points_daily), split into stripes: a transaction adds to the
 * lowest stripe no other transaction in flight holds (village_points_stripe), so concurrent
 * postings in one village add to different rows and never queue on one, and postings one
 * after another share stripe 0. The total is the sum of the stripes. Kept by a
 * statement-level trigger on the ledger's entries, in the posting's transaction
 * (src/ledger/sql/village-points-add.function.ts); read through the points_village_daily view.
 */
@Entity({ name: 'village_points_daily' })
export class VillagePointsDaily extends VillagePointsRow {
  @PrimaryColumn({ type: 'date' })
  day: string;
}

/** The same per village-local month (first day of the month): a year reads twelve months of rows, not 365 days. */
@Entity({ name: 'village_points_monthly' })
export class VillagePointsMonthly extends VillagePointsRow {
  @PrimaryColumn({ type: 'date' })
  month: string;
}

/**
 * The sum of a village's household balances, in the same stripes (kept by the same trigger):
 * what the village owes its households now, without reading every household account.
 */
@Entity({ name: 'village_household_balances' })
export class VillageHouseholdBalance {
  @PrimaryColumn({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @PrimaryColumn({ type: 'smallint' })
  stripe: number;

  @Column({ type: 'bigint' })
  balance: string;
}

/**
 * The village-local days of a year on which a household account received a positive award
 * entry: bit n (from the left, 0-based) is day n + 1 of the year. One row per household and
 * year, written under the household lock the posting already holds (no new contention), and
 * only when a bit is new. Participation over any period reads one row per household and year.
 */
@Entity({ name: 'household_award_years' })
@Index('household_award_years_village_year_idx', ['villageId', 'year'])
export class HouseholdAwardYear {
  /** In the key so that the table can be distributed by village (the shard-ready rule). */
  @PrimaryColumn({ name: 'village_id', type: 'uuid', primaryKeyConstraintName: 'household_award_years_pkey' })
  villageId: string;

  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'household_award_years_pkey' })
  accountId: string;

  /** First day of the local year. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'household_award_years_pkey' })
  year: string;

  @Column({ type: 'bit', length: 366 })
  days: string;
}
