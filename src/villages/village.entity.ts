import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Township } from '../townships/township.entity';

export interface PointsExpirySettings {
  mode: 'none' | 'annual';
  resetDate?: string;
}

export interface VillageSettings {
  noticePeriodDays: number;
  quorum: number;
  timezone: string;
  pointsExpiry: PointsExpirySettings;
  /** Yearly earned points for ★ … ★★★★★ (星级文明户), ascending. */
  starThresholds: number[];
  /** false: public boards list deductions without household names (practice in some villages). */
  showDeductionNames: boolean;
}

/** The tenant: every row of village data carries its id. */
@Entity({ name: 'villages' })
export class Village {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('villages_code_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The township's name as first typed in; kept beside townshipId for older clients. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  township: string | null;

  @Index('villages_township_idx')
  @Column({ name: 'township_id', type: 'uuid', nullable: true })
  townshipId: string | null;

  @ManyToOne(() => Township, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'villages_township_fk' })
  townshipRef?: Township;

  @Column({ type: 'jsonb' })
  settings: VillageSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
