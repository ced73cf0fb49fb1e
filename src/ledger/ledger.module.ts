import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency';
import { AccountsController, LedgerController, TransactionsController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/**
 * Global: every module that moves points (villages, households, scoring, redemptions)
 * injects LedgerService and posts inside its own transaction.
 */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AccountsController, TransactionsController, LedgerController],
  providers: [LedgerService, LedgerRepository],
  exports: [LedgerService],
})
export class LedgerModule {}
