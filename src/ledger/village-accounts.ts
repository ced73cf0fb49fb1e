import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VillageOpening } from '../villages/village-opening';
import { LedgerPort } from './ledger.port';
import { SYSTEM_ACCOUNT_KINDS } from './ledger.types';

/** A new village's four system accounts (issuance, redemptions, expiry, adjustments). */
@Injectable()
export class VillageAccounts implements VillageOpening {
  constructor(private readonly ledger: LedgerPort) {}

  async open(tx: EntityManager, villageId: string): Promise<void> {
    await this.ledger.openAccounts(tx, villageId, SYSTEM_ACCOUNT_KINDS.map((kind) => ({ kind })));
  }
}
