import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * 商品: a good with a points price. `stockOnHand` is materialised from the append-only
 * stock movements by a database trigger (see the Catalogue migration) and can never go
 * below zero: the CHECK below refuses it whatever path the write takes.
 */
@Entity({ name: 'catalogue_items' })
@Index('catalogue_items_village_sku_key', ['villageId', 'sku'], { unique: true })
@Index('catalogue_items_village_name_idx', ['villageId', 'name', 'id'])
@Index('catalogue_items_search_idx', { synchronize: false })
@Check('catalogue_items_stock_check', `"stock_on_hand" >= 0`)
@Check('catalogue_items_price_check', `"points_price" > 0`)
export class CatalogueItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  category: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ name: 'points_price', type: 'integer' })
  pointsPrice: number;

  @Column({ name: 'image_url', type: 'varchar', length: 1000, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'limit_per_household_per_month', type: 'integer', nullable: true })
  limitPerHouseholdPerMonth: number | null;

  @Column({ name: 'low_stock_threshold', type: 'integer', nullable: true })
  lowStockThreshold: number | null;

  @Column({ name: 'stock_on_hand', type: 'integer', default: 0 })
  stockOnHand: number;

  /** Bumped by every edit: the ETag. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
