import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TransactionKind } from '../ledger.types';

/** One posted ledger transaction. Append-only: database triggers refuse UPDATE, DELETE, TRUNCATE. */
@Entity({ name: 'ledger_transactions' })
@Check('ledger_transactions_kind_check', `kind IN ('award', 'penalty', 'redemption', 'refund', 'reversal', 'expiry', 'adjustment', 'transfer')`)
@Check('ledger_transactions_reversal_check', `(kind = 'reversal') = (reverses_id IS NOT NULL)`)
@Index('ledger_transactions_village_posted_idx', ['villageId', 'postedAt', 'id'])
@Index('ledger_transactions_reverses_key', ['reversesId'], { unique: true, where: `reverses_id IS NOT NULL` })
@Index('ledger_transactions_reference_idx', ['referenceType', 'referenceId'], { where: `reference_id IS NOT NULL` })
export class LedgerTransaction {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: TransactionKind;

  @Column({ type: 'varchar', length: 500 })
  memo: string;

  @Column({ name: 'reference_type', type: 'varchar', length: 64, nullable: true })
  referenceType: string | null;

  @Column({ name: 'reference_id', type: 'varchar', length: 64, nullable: true })
  referenceId: string | null;

  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_by_kind', type: 'varchar', length: 16 })
  createdByKind: string;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ name: 'created_by_name', type: 'varchar', length: 100 })
  createdByName: string;

  @Column({ name: 'posted_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  postedAt: Date;
}
