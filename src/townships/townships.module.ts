import { Module } from '@nestjs/common';
import { TownshipsController } from './townships.controller';
import { TownshipsService } from './townships.service';

@Module({
  controllers: [TownshipsController],
  providers: [TownshipsService],
  exports: [TownshipsService],
})
export class TownshipsModule {}
