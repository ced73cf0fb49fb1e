import { Module } from '@nestjs/common';
import { PanelsModule } from '../panels/panels.module';
import { NoticesService } from './notices.service';
import { ObjectionsService } from './objections.service';
import { NoticesController, ObjectionsController, ScoringController } from './scoring.controller';
import { ScoringRepository } from './scoring.repository';
import { ScoringReadsRepository } from './scoring-reads.repository';
import { ScoringReadsService } from './scoring-reads.service';
import { ScoringService } from './scoring.service';

@Module({
  imports: [PanelsModule],
  controllers: [ScoringController, ObjectionsController, NoticesController],
  providers: [ScoringService, ObjectionsService, NoticesService, ScoringRepository, ScoringReadsRepository, ScoringReadsService],
  exports: [ScoringReadsService],
})
export class ScoringModule {}
