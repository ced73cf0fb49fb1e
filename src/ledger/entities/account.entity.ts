import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Village } from '../../villages/village.entity';
import type { AccountKind, AccountStatus } from '../ledger.types';

/**
 * A points account: one per household, four system accounts per village.
 * `balance` is the materialised balance of a household account, updated under the row
 * lock of each posting. System accounts keep theirs in ledger_balance_stripes instead
 * (their `balance` column stays 0), so that hot accounts are never row-locked by postings.
 */
@Entity({ name: 'ledger_accounts' })
@Check('ledger_accounts_kind_check', `kind IN ('household', 'issuance', 'redemptions', 'expiry', 'adjustments')`)
@Check('ledger_accounts_status_check', `status IN ('active', 'frozen')`)
@Check('ledger_accounts_household_check', `(kind = 'household') = (household_id IS NOT NULL)`)
@Index('ledger_accounts_village_kind_idx', ['villageId', 'kind', 'id'])
@Index('ledger_accounts_system_key', ['villageId', 'kind'], { unique: true, where: `household_id IS NULL` })
@Index('ledger_accounts_household_key', ['householdId'], { unique: true, where: `household_id IS NOT NULL` })
export class LedgerAccount {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @ManyToOne(() => Village, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'village_id', foreignKeyConstraintName: 'ledger_accounts_village_fk' })
  village?: Village;

  @Column({ type: 'varchar', length: 16 })
  kind: AccountKind;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'bigint', default: 0 })
  balance: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: AccountStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
