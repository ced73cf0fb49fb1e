import { User } from '../../users/user.entity';
import { Village } from '../../villages/village.entity';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, JoinColumn, ManyToOne } from 'typeorm';

export const HOUSEHOLD_STATUSES = ['active', 'closed'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** 户: the account holder. Its points live in the ledger account `accountId`. */
@Entity({ name: 'households' })
@Index('households_village_code_key', ['villageId', 'code'], { unique: true })
@Index('households_village_card_key', ['villageId', 'cardNo'], { unique: true, where: '"card_no" IS NOT NULL' })
@Index('households_contact_idx', ['contactUserId'], { where: '"contact_user_id" IS NOT NULL' })
@Check('households_status_check', `"status" IN ('active', 'closed')`)
export class Household {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'households_village_fk' })
  village?: Village;

  /** 户号, unique in the village; C collation so prefix searches use the index. */
  @Column({ type: 'varchar', length: 32, collation: 'C' })
  code: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  /** The points card or QR code a clerk scans; replaced when lost (the old number stops working). */
  @Column({ name: 'card_no', type: 'varchar', length: 64, nullable: true })
  cardNo: string | null;

  /** 村民小组. */
  @Column({ name: 'group_name', type: 'varchar', length: 50, nullable: true })
  groupName: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: HouseholdStatus;

  /** 党员包户: the party member or cadre of the village who looks after the household. */
  @Column({ name: 'contact_user_id', type: 'uuid', nullable: true })
  contactUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'contact_user_id', foreignKeyConstraintName: 'households_contact_user_fk' })
  contactUser?: User;

  /** The household's ledger account (no foreign key: the ledger owns its tables). */
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  /** Bumped by every change: the ETag. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
