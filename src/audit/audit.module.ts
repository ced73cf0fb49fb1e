import { Global, Module } from '@nestjs/common';
import { AuditQueryService } from './audit-query.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditSealer, AuditQueryService],
  exports: [AuditService, AuditSealer],
})
export class AuditModule {}
