import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../core/idempotency/idempotency';
import { AccountsController, LedgerController, TransactionsController } from './ledger.controller';
import { LedgerBatchStatements } from './ledger-batch.statements';
import { LedgerPort } from './ledger.port';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { PostingBatcher } from './posting-batcher';
import { SystemAccounts } from './system-accounts';
import { VillageAccounts } from './village-accounts';
import { VillageOpening } from '../villages/village-opening';

/**
 * Global: every module that opens accounts or moves points (villages, households, the
 * roster import, scoring, redemptions, expiry) injects LedgerPort, the one way into the
 * ledger, and uses it inside its own transaction.
 */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AccountsController, TransactionsController, LedgerController],
  providers: [LedgerService, LedgerRepository, LedgerBatchStatements, LedgerPort, PostingBatcher, SystemAccounts, { provide: VillageOpening, useClass: VillageAccounts }],
  exports: [LedgerPort, LedgerService, VillageOpening],
})
export class LedgerModule {}
