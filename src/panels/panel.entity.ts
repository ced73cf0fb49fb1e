import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Village } from '../villages/village.entity';

export const SEATS = ['cadre', 'party_member', 'resident_rep'] as const;
export type Seat = (typeof SEATS)[number];

/** 评定小组: the members who rate score items, with their quorum and decision rule. */
@Entity({ name: 'panels' })
@Index('panels_village_name_idx', ['villageId', 'name', 'id'])
@Check('panels_decision_check', `"decision" IN ('majority', 'unanimous')`)
@Check('panels_quorum_check', `"quorum" >= 1`)
export class Panel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'panels_village_fk' })
  village?: Village;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer' })
  quorum: number;

  @Column({ type: 'varchar', length: 16 })
  decision: 'majority' | 'unanimous';

  /** Bumped by every change: the ETag. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A seat on a panel: a user holding panel_member in the panel's village. */
@Entity({ name: 'panel_members' })
@Check('panel_members_seat_check', `"seat" IN ('cadre', 'party_member', 'resident_rep')`)
export class PanelMember {
  @PrimaryColumn({ name: 'panel_id', type: 'uuid' })
  panelId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => Panel, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'panel_members_panel_fk' })
  panel?: Panel;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'panel_members_user_fk' })
  user?: User;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'varchar', length: 16 })
  seat: Seat;
}
