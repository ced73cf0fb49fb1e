import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency';
import { AccountsController, LedgerController, TransactionsController } from './ledger.controller';
import { LedgerPort } from './ledger.port';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { PostingBatcher } from './posting-batcher';
import { SystemAccounts } from './system-accounts';

/**
 * Global: every module that opens accounts or moves points (villages, households, the
 * roster import, scoring, redemptions, expiry) injects LedgerPort, the one way into the
 * ledger, and uses it inside its own transaction.
 */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AccountsController, TransactionsController, LedgerController],
  providers: [LedgerService, LedgerRepository, LedgerPort, PostingBatcher, SystemAccounts],
  exports: [LedgerPort, LedgerService],
})
export class LedgerModule {}
