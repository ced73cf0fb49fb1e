import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { RedemptionsModule } from '../redemptions/redemptions.module';
import { ReportsModule } from '../reports/reports.module';
import { ScoringModule } from '../scoring/scoring.module';
import { UsersModule } from '../users/users.module';
import { MeController } from './me.controller';
import { MeService } from './me.service';

/** GET /v1/me/...: the caller's own view, read through the owning modules' services. */
@Module({
  imports: [UsersModule, ReportsModule, LedgerModule, RedemptionsModule, ScoringModule],
  controllers: [MeController],
  providers: [MeService],
})
export class MeModule {}
