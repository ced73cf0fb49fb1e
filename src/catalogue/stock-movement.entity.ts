import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MANUAL_STOCK_REASONS = ['donation', 'purchase', 'adjustment', 'write_off'] as const;
export const STOCK_REASONS = [...MANUAL_STOCK_REASONS, 'redemption', 'cancellation'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

/** Append-only stock ledger of one item; inserting a row moves `stock_on_hand` (trigger). */
@Entity({ name: 'stock_movements' })
@Index('stock_movements_item_idx', ['itemId', 'id'])
@Index('stock_movements_village_reason_idx', ['villageId', 'reason', 'createdAt'])
@Check('stock_movements_quantity_check', `"quantity" <> 0`)
@Check(
  'stock_movements_reason_check',
  `("reason" IN ('donation', 'purchase', 'cancellation') AND "quantity" > 0) OR ("reason" IN ('write_off', 'redemption') AND "quantity" < 0) OR "reason" = 'adjustment'`,
)
export class StockMovement {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  /** Signed: positive adds stock. */
  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar', length: 16 })
  reason: StockReason;

  @Column({ type: 'varchar', length: 100, nullable: true })
  donor: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'redemption_id', type: 'uuid', nullable: true })
  redemptionId: string | null;

  /** Stock after this movement, set by the trigger. */
  @Column({ name: 'stock_after', type: 'integer' })
  stockAfter: number;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
