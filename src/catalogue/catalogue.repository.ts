import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StockMovement, StockReason } from './stock-movement.entity';

export interface MovementInput {
  villageId: string;
  itemId: string;
  quantity: number;
  reason: StockReason;
  donor?: string | null;
  note?: string | null;
  redemptionId?: string | null;
  createdBy: string;
}

/** The SQL of the catalogue that is more than a one-line entity call. */
@Injectable()
export class CatalogueRepository {
  /** One movement; the trigger moves the item's stock_on_hand (and refuses to take it below zero). */
  async insertMovement(tx: EntityManager, m: MovementInput): Promise<StockMovement> {
    const [row]: StockMovement[] = await tx.query(
      `INSERT INTO stock_movements (village_id, item_id, quantity, reason, donor, note, redemption_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, village_id AS "villageId", item_id AS "itemId", quantity, reason, donor, note,
                 redemption_id AS "redemptionId", stock_after AS "stockAfter", created_by AS "createdBy", created_at AS "createdAt"`,
      [m.villageId, m.itemId, m.quantity, m.reason, m.donor ?? null, m.note ?? null, m.redemptionId ?? null, m.createdBy],
    );
    return row;
  }
}
