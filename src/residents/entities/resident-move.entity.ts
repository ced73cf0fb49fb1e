import { Resident } from './resident.entity';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne } from 'typeorm';

/** History of a resident's households: one row per move. */
@Entity({ name: 'resident_moves' })
@Index('resident_moves_resident_idx', ['residentId', 'movedAt'])
export class ResidentMove {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId: string;

  @ManyToOne(() => Resident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'resident_id', foreignKeyConstraintName: 'resident_moves_resident_fk' })
  resident?: Resident;

  @Column({ name: 'from_household_id', type: 'uuid' })
  fromHouseholdId: string;

  @Column({ name: 'to_household_id', type: 'uuid' })
  toHouseholdId: string;

  @Column({ name: 'moved_by', type: 'varchar', length: 100 })
  movedBy: string;

  @CreateDateColumn({ name: 'moved_at', type: 'timestamptz' })
  movedAt: Date;
}
