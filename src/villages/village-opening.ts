import type { EntityManager } from 'typeorm';

/**
 * What opens with a village, in the transaction that creates it: the ledger's system
 * accounts. The ledger provides it; villages only name it here, since the ledger's accounts
 * build on villages and not the other way round.
 */
export abstract class VillageOpening {
  abstract open(tx: EntityManager, villageId: string): Promise<void>;
}
