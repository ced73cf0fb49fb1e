import { Module } from '@nestjs/common';
import { TownshipsModule } from '../townships/townships.module';
import { BoardsService } from './boards.service';
import { BoardsController, ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { TownshipSummaryController } from './township-summary.controller';
import { TownshipSummaryRepository } from './township-summary.repository';
import { TownshipSummaryService } from './township-summary.service';

@Module({
  imports: [TownshipsModule],
  controllers: [ReportsController, BoardsController, TownshipSummaryController],
  providers: [ReportsService, ReportsRepository, BoardsService, TownshipSummaryService, TownshipSummaryRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
