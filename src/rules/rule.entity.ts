import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Village } from '../villages/village.entity';

export const RULE_STATUSES = ['active', 'retired'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

/**
 * 积分细则: one entry of a village's rule book. Either fixed `points` or a
 * `minPoints..maxPoints` range (negative: a deduction). Once an item uses a rule its points
 * never change (the rule is retired and a new one made); the code is unique among a
 * village's active rules, so a replacement may keep the code of the rule it replaces.
 */
@Entity({ name: 'rules' })
@Index('rules_village_code_active_key', ['villageId', 'code'], { unique: true, where: `"status" = 'active'` })
@Index('rules_village_code_idx', ['villageId', 'code', 'id'])
@Check('rules_status_check', `"status" IN ('active', 'retired')`)
@Check('rules_points_check', `("points" IS NOT NULL AND "min_points" IS NULL AND "max_points" IS NULL) OR ("points" IS NULL AND "min_points" IS NOT NULL AND "max_points" IS NOT NULL AND "min_points" <= "max_points")`)
@Check('rules_cap_check', `("cap_per_period" IS NULL) = ("period" IS NULL) AND ("cap_per_period" IS NULL OR "cap_per_period" > 0)`)
@Check('rules_period_check', `"period" IN ('month', 'quarter', 'year')`)
export class Rule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'rules_village_fk' })
  village?: Village;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 20 })
  category: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  points: number | null;

  @Column({ name: 'min_points', type: 'integer', nullable: true })
  minPoints: number | null;

  @Column({ name: 'max_points', type: 'integer', nullable: true })
  maxPoints: number | null;

  @Column({ name: 'cap_per_period', type: 'integer', nullable: true })
  capPerPeriod: number | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  period: 'month' | 'quarter' | 'year' | null;

  @Column({ name: 'evidence_required', type: 'boolean', default: false })
  evidenceRequired: boolean;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: RuleStatus;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** Bumped by every change: the ETag. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
