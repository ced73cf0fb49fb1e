import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Household } from '../../residents/entities/household.entity';
import { Rule } from '../../rules/rule.entity';
import { ScoringRound } from './scoring-round.entity';

export const ITEM_STATUSES = ['pending', 'approved', 'rejected', 'no_quorum', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
/** contact: proposed by the household's 党员包户 contact, a member of the panel. */
export const ITEM_SOURCES = ['panel', 'self_claim', 'contact'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

/**
 * 评分项 / 积分申报: household + rule + proposed points + evidence. Decided at publish
 * (`approved` with final points, `rejected` with a reason, `no_quorum`), possibly changed
 * by an upheld objection (`withdrawn` or revised points), and carries the id of its ledger
 * transaction once posted.
 */
@Entity({ name: 'score_items' })
@Index('score_items_round_idx', ['roundId', 'createdAt', 'id'])
@Index('score_items_cap_idx', ['villageId', 'householdId', 'ruleId'])
@Index('score_items_rule_idx', ['ruleId'])
@Index('score_items_transaction_key', ['transactionId'], { unique: true, where: '"transaction_id" IS NOT NULL' })
@Check('score_items_status_check', `"status" IN ('pending', 'approved', 'rejected', 'no_quorum', 'withdrawn')`)
@Check('score_items_source_check', `"source" IN ('panel', 'self_claim', 'contact')`)
@Check('score_items_final_check', `("status" = 'approved') = ("final_points" IS NOT NULL)`)
export class ScoreItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'resident_id', type: 'uuid', nullable: true })
  residentId: string | null;

  @Column({ name: 'rule_id', type: 'uuid' })
  ruleId: string;

  @ManyToOne(() => ScoringRound, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'score_items_round_fk' })
  round?: ScoringRound;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'score_items_household_fk' })
  household?: Household;

  @ManyToOne(() => Rule, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'score_items_rule_fk' })
  rule?: Rule;

  @Column({ name: 'proposed_points', type: 'integer' })
  proposedPoints: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  evidence: string[];

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 16, default: 'panel' })
  source: ItemSource;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ItemStatus;

  @Column({ name: 'final_points', type: 'integer', nullable: true })
  finalPoints: number | null;

  /** Why an item is not (or no longer) approved: decision, cap_exceeded, no_quorum, objection_upheld. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ name: 'transaction_id', type: 'uuid', nullable: true })
  transactionId: string | null;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One member's rating of one item; a second rating replaces the first while the round is open. */
@Entity({ name: 'score_ratings' })
@Index('score_ratings_round_idx', ['roundId'])
@Check('score_ratings_points_check', `"approve" OR "comment" IS NOT NULL`)
export class ScoreRating {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => ScoreItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'score_ratings_item_fk' })
  item?: ScoreItem;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'boolean' })
  approve: boolean;

  @Column({ type: 'integer', nullable: true })
  points: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
