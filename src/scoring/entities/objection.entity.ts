import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ScoreItem } from './score-item.entity';
import { ScoringRound } from './scoring-round.entity';

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** 异议: a challenge to one item during the notice period; resolved upheld or dismissed. */
@Entity({ name: 'objections' })
@Index('objections_round_idx', ['roundId', 'status'])
@Index('objections_village_idx', ['villageId', 'createdAt', 'id'])
@Check('objections_status_check', `"status" IN ('open', 'upheld', 'dismissed')`)
@Check('objections_resolution_check', `("status" = 'open') = ("resolved_at" IS NULL)`)
export class Objection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ScoringRound, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'objections_round_fk' })
  round?: ScoringRound;

  @ManyToOne(() => ScoreItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'objections_item_fk' })
  item?: ScoreItem;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  /** The villager objecting (filed by themselves or by staff on their behalf). */
  @Column({ name: 'resident_id', type: 'uuid', nullable: true })
  residentId: string | null;

  /** Hidden on the public notice. */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ name: 'filed_by_id', type: 'uuid', nullable: true })
  filedById: string | null;

  @Column({ name: 'filed_by', type: 'varchar', length: 100 })
  filedBy: string;

  /** True when staff filed it on a villager's behalf. */
  @Column({ name: 'on_behalf', type: 'boolean', default: false })
  onBehalf: boolean;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ObjectionStatus;

  @Column({ name: 'revised_points', type: 'integer', nullable: true })
  revisedPoints: number | null;

  @Column({ name: 'resolution_note', type: 'varchar', length: 2000, nullable: true })
  resolutionNote: string | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 100, nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
