import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Page, PageOf } from '../core/http/pagination';
import { ApiProblems } from '../core/http/api-docs';
import { AuditQueryService } from './audit-query.service';
import { AuditDigestDto, AuditEventDto, AuditVerifyDto, ListAuditEventsQueryDto, VillageScopeQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('auditor', 'township_officer')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'Audit events, newest first' })
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(actor, query);
  }

  @Get('verify')
  @Roles('auditor', 'township_officer')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'verifyAuditChain', summary: 'Recompute the hash chain and name the first broken event' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@CurrentActor() actor: Actor, @Query() query: VillageScopeQueryDto): Promise<AuditVerifyDto> {
    return this.audit.verify(actor, query.villageId);
  }

  @Get('digest')
  @Roles('auditor', 'township_officer')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'getAuditDigest', summary: 'Latest sealed position and hash of a chain, to publish elsewhere' })
  @ApiOkResponse({ type: AuditDigestDto })
  digest(@CurrentActor() actor: Actor, @Query() query: VillageScopeQueryDto): Promise<AuditDigestDto> {
    return this.audit.digest(actor, query.villageId);
  }
}
