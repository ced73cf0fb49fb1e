import { Module } from '@nestjs/common';
import { PanelsController } from './panels.controller';
import { PanelsRepository } from './panels.repository';
import { PanelsService } from './panels.service';

@Module({
  controllers: [PanelsController],
  providers: [PanelsService, PanelsRepository],
  exports: [PanelsService, PanelsRepository],
})
export class PanelsModule {}
