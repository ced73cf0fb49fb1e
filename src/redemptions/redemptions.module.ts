import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { RedemptionsController } from './redemptions.controller';
import { RedemptionsRepository } from './redemptions.repository';
import { RedemptionsService } from './redemptions.service';

@Module({
  imports: [CatalogueModule],
  controllers: [RedemptionsController],
  providers: [RedemptionsService, RedemptionsRepository],
  exports: [RedemptionsService],
})
export class RedemptionsModule {}
