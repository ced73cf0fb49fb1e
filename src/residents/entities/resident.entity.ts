import { Village } from '../../villages/village.entity';
import { Household } from './household.entity';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, JoinColumn, ManyToOne } from 'typeorm';

export const RESIDENT_STATUSES = ['active', 'moved_out', 'deceased'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * 村民: a member of one household. ID number and phone are stored only encrypted
 * (`*_enc`, AES-256-GCM) with a keyed hash (`*_hash`, HMAC-SHA256) for uniqueness and
 * exact search. An ID number is unique within a village, not across villages: a global
 * index told a village admin (by a 409) that a number was registered in another village,
 * and let one village squat a number to block another. Numbers registered in several
 * villages are listed to the admin by the duplicate report (residents_id_hash_idx).
 * The name's trigram index is created by the migration (TypeORM cannot describe an
 * operator class), hence `synchronize: false`.
 */
@Entity({ name: 'residents' })
@Index('residents_village_id_hash_key', ['villageId', 'idHash'], { unique: true, where: '"id_hash" IS NOT NULL' })
@Index('residents_id_hash_idx', ['idHash', 'villageId'], { where: '"id_hash" IS NOT NULL' })
@Index('residents_one_head_key', ['householdId'], { unique: true, where: `"is_head" AND "status" = 'active'` })
@Index('residents_household_idx', ['householdId', 'name', 'id'])
@Index('residents_village_name_idx', ['villageId', 'name', 'id'])
@Index('residents_village_phone_idx', ['villageId', 'phoneHash'])
@Index('residents_name_trgm_idx', { synchronize: false })
@Check('residents_status_check', `"status" IN ('active', 'moved_out', 'deceased')`)
@Check('residents_gender_check', `"gender" IN ('male', 'female')`)
export class Resident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'residents_village_fk' })
  village?: Village;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'residents_household_fk' })
  household?: Household;

  /** C collation: code-point order, and prefix LIKE can use the b-tree. */
  @Column({ type: 'varchar', length: 50, collation: 'C' })
  name: string;

  @Column({ name: 'id_enc', type: 'bytea', nullable: true })
  idEnc: Buffer | null;

  @Column({ name: 'id_hash', type: 'bytea', nullable: true })
  idHash: Buffer | null;

  @Column({ name: 'phone_enc', type: 'bytea', nullable: true })
  phoneEnc: Buffer | null;

  @Column({ name: 'phone_hash', type: 'bytea', nullable: true })
  phoneHash: Buffer | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  gender: Gender | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ name: 'is_head', type: 'boolean', default: false })
  isHead: boolean;

  /** Relation to the head (户主/配偶/子/女/父母…), free text. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  relation: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: ResidentStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
