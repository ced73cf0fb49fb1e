import { Module } from '@nestjs/common';
import { ExpiryController } from './expiry.controller';
import { ExpiryRepository } from './expiry.repository';
import { ExpiryService } from './expiry.service';

@Module({
  controllers: [ExpiryController],
  providers: [ExpiryService, ExpiryRepository],
  exports: [ExpiryService],
})
export class ExpiryModule {}
