import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LedgerAccount } from './account.entity';

/**
 * The materialised balance of a system account, split into STRIPES counter rows. A posting
 * adds its amount to one stripe it can lock without waiting (FOR UPDATE SKIP LOCKED), so
 * concurrent awards or sales never queue behind one hot row; the balance is the sum.
 */
@Entity({ name: 'ledger_balance_stripes' })
export class LedgerBalanceStripe {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ type: 'smallint' })
  stripe: number;

  @ManyToOne(() => LedgerAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'ledger_balance_stripes_account_fk' })
  account?: LedgerAccount;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'bigint', default: 0 })
  balance: string;
}
