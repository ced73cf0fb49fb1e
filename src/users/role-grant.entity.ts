import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Township } from '../townships/township.entity';

/** One role in one village (admin: none; township roles: a township), held by a user or by an API key. */
@Entity({ name: 'role_grants' })
@Index('role_grants_user_idx', ['userId'])
@Index('role_grants_api_key_idx', ['apiKeyId'])
@Index('role_grants_village_role_idx', ['villageId', 'role'])
@Index('role_grants_township_idx', ['townshipId'], { where: '"township_id" IS NOT NULL' })
@Check('role_grants_holder_check', `("user_id" IS NULL) <> ("api_key_id" IS NULL)`)
@Check(
  'role_grants_role_check',
  `("role" = 'admin' AND "village_id" IS NULL AND "township_id" IS NULL) OR ("role" IN ('township_admin', 'township_officer') AND "township_id" IS NOT NULL AND "village_id" IS NULL) OR ("role" IN ('village_admin', 'panel_member', 'clerk', 'auditor', 'resident') AND "village_id" IS NOT NULL AND "township_id" IS NULL)`,
)
export class RoleGrantRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'varchar', length: 32 })
  role: string;

  @Column({ name: 'village_id', type: 'uuid', nullable: true })
  villageId: string | null;

  @Column({ name: 'township_id', type: 'uuid', nullable: true })
  townshipId: string | null;

  @ManyToOne(() => Township, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'role_grants_township_fk' })
  township?: Township;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
