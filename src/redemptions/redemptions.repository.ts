import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RedemptionLine } from './redemption-line.entity';

/** A sale line with its item's name. */
export type NamedLine = Pick<RedemptionLine, 'redemptionId' | 'lineNo' | 'itemId' | 'quantity' | 'unitPoints'> & { name: string };

/** The SQL of sales that is more than a one-line entity call. */
@Injectable()
export class RedemptionsRepository {
  /** The lines of some sales with their items' names, in one query. */
  async namedLines(manager: EntityManager, saleIds: string[]): Promise<NamedLine[]> {
    if (!saleIds.length) return [];
    return manager.query(
      `SELECT l.redemption_id AS "redemptionId", l.line_no AS "lineNo", l.item_id AS "itemId", l.quantity, l.unit_points AS "unitPoints", i.name
         FROM redemption_lines l JOIN catalogue_items i ON i.id = l.item_id
        WHERE l.redemption_id = ANY($1::uuid[])`,
      [saleIds],
    );
  }

  /** Quantities of these items the household took in completed sales of the month, by item (absent: none). */
  async monthlyQuantities(manager: EntityManager, householdId: string, month: string, itemIds: string[]): Promise<Map<string, number>> {
    const rows: { item_id: string; quantity: string }[] = await manager.query(
      `SELECT l.item_id, sum(l.quantity) AS quantity FROM redemption_lines l JOIN redemptions r ON r.id = l.redemption_id
       WHERE l.household_id = $1 AND l.month = $2 AND l.item_id = ANY($3) AND r.status = 'completed' GROUP BY l.item_id`,
      [householdId, month, itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, Number(r.quantity)]));
  }

  /**
   * Marks the sale cancelled if it is still completed; false if it was not (of two
   * cancellations, only the one whose UPDATE matched goes on to refund).
   */
  async cancelIfCompleted(tx: EntityManager, id: string, reason: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [updated] = (await tx.query(
      `UPDATE redemptions SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3 WHERE id = $1 AND status = 'completed' RETURNING id`,
      [id, reason, at],
    )) as [{ id: string }[], number];
    return updated.length > 0;
  }
}
