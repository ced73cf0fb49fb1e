import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LedgerTransaction } from './transaction.entity';

/**
 * One signed movement on one account. Append-only, like transactions.
 * (account_id, posted_at, id) makes a balance as of a time and a passbook page index
 * look-ups. account_id deliberately has no foreign key: its check would take a KEY SHARE
 * lock on the hot system account rows in every posting; the service resolves every
 * account before posting and `ledger verify` reports entries of unknown accounts.
 */
@Entity({ name: 'ledger_entries' })
@Check('ledger_entries_amount_check', `amount <> 0`)
@Index('ledger_entries_account_posted_idx', ['accountId', 'postedAt', 'id'])
@Index('ledger_entries_transaction_idx', ['transactionId'])
export class LedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId: string;

  @ManyToOne(() => LedgerTransaction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'transaction_id', foreignKeyConstraintName: 'ledger_entries_transaction_fk' })
  transaction?: LedgerTransaction;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ name: 'balance_after', type: 'bigint', nullable: true })
  balanceAfter: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz' })
  postedAt: Date;
}
