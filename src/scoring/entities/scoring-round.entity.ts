import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Panel } from '../../panels/panel.entity';
import { User } from '../../users/user.entity';
import { Village } from '../../villages/village.entity';

export const ROUND_STATUSES = ['open', 'notice', 'posted', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * 评议: a batch of score items rated by one panel, `open → notice → posted` (or
 * `cancelled` before posting). The panel's quorum, decision rule and members are copied
 * when the round opens, so later changes to the panel do not rewrite its history.
 */
@Entity({ name: 'scoring_rounds' })
@Index('scoring_rounds_village_idx', ['villageId', 'createdAt', 'id'])
@Index('scoring_rounds_village_status_idx', ['villageId', 'status'])
@Check('scoring_rounds_status_check', `"status" IN ('open', 'notice', 'posted', 'cancelled')`)
@Check('scoring_rounds_period_check', `"period_start" <= "period_end"`)
export class ScoringRound {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'panel_id', type: 'uuid' })
  panelId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'scoring_rounds_village_fk' })
  village?: Village;

  @ManyToOne(() => Panel, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'scoring_rounds_panel_fk' })
  panel?: Panel;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: RoundStatus;

  @Column({ type: 'integer' })
  quorum: number;

  @Column({ type: 'varchar', length: 16 })
  decision: 'majority' | 'unanimous';

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'notice_ends_at', type: 'timestamptz', nullable: true })
  noticeEndsAt: Date | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The membership a round opened with. */
@Entity({ name: 'scoring_round_members' })
@Index('scoring_round_members_user_idx', ['userId'])
@Check('scoring_round_members_seat_check', `"seat" IN ('cadre', 'party_member', 'resident_rep')`)
export class ScoringRoundMember {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => ScoringRound, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'scoring_round_members_round_fk' })
  round?: ScoringRound;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'scoring_round_members_user_fk' })
  user?: User;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'varchar', length: 16 })
  seat: string;
}
