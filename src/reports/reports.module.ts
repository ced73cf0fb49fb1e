import { Module } from '@nestjs/common';
import { BoardsService } from './boards.service';
import { BoardsController, ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { TownshipSummaryController } from './township-summary.controller';
import { TownshipSummaryService } from './township-summary.service';

@Module({
  controllers: [ReportsController, BoardsController, TownshipSummaryController],
  providers: [ReportsService, BoardsService, TownshipSummaryService],
  exports: [ReportsService],
})
export class ReportsModule {}
