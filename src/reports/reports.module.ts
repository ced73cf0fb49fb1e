import { Module } from '@nestjs/common';
import { BoardsService } from './boards.service';
import { BoardsController, ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController, BoardsController],
  providers: [ReportsService, BoardsService],
  exports: [ReportsService],
})
export class ReportsModule {}
