import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One annual reset (年度清零) of a village: at most one per village and year. */
@Entity({ name: 'expiry_runs' })
@Index('expiry_runs_village_year_key', ['villageId', 'year'], { unique: true })
export class ExpiryRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  /** The local reset date (YYYY-MM-DD): points held before it expire. */
  @Column({ name: 'reset_date', type: 'date' })
  resetDate: string;

  @Column({ type: 'integer' })
  households: number;

  @Column({ type: 'bigint' })
  points: string;

  @Column({ name: 'run_by', type: 'varchar', length: 100 })
  runBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
