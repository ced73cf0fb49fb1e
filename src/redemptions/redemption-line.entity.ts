import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One line of a sale; `unitPoints` is the price at the time, untouched by later price changes. */
@Entity({ name: 'redemption_lines' })
@Index('redemption_lines_household_item_month_idx', ['householdId', 'itemId', 'month'])
@Check('redemption_lines_quantity_check', `"quantity" > 0`)
export class RedemptionLine {
  @PrimaryColumn({ name: 'redemption_id', type: 'uuid' })
  redemptionId: string;

  @PrimaryColumn({ name: 'line_no', type: 'smallint' })
  lineNo: number;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'unit_points', type: 'integer' })
  unitPoints: number;

  @Column({ type: 'char', length: 7 })
  month: string;
}
