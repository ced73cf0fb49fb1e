import { Check, Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 兑换: one sale at the points supermarket. */
@Entity({ name: 'redemptions' })
@Index('redemptions_village_seq_idx', ['villageId', 'seq'])
@Index('redemptions_household_seq_idx', ['householdId', 'seq'])
@Check('redemptions_status_check', `"status" IN ('completed', 'cancelled')`)
export class Redemption {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order, the keyset of the lists. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'resident_id', type: 'uuid', nullable: true })
  residentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: 'completed' | 'cancelled';

  @Column({ name: 'total_points', type: 'integer' })
  totalPoints: number;

  @Column({ name: 'balance_after', type: 'bigint' })
  balanceAfter: string;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId: string;

  /** The household's balance right after the cancellation's refund. */
  @Column({ name: 'balance_after_refund', type: 'bigint', nullable: true })
  balanceAfterRefund: string | null;

  @Column({ name: 'refund_transaction_id', type: 'uuid', nullable: true })
  refundTransactionId: string | null;

  /** The village's calendar month of the sale (YYYY-MM), for monthly limits. */
  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ name: 'clerk_id', type: 'varchar', length: 100 })
  clerk: string;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
