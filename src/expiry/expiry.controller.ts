import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Idempotent, IdempotentTx } from '../core/idempotency/idempotency';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { CreateExpiryRunDto, ExpiryRunDto } from './dto/expiry.dto';
import { ExpiryService } from './expiry.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('reports')
@Controller('v1/villages/:id/expiry-runs')
export class ExpiryController {
  constructor(private readonly expiry: ExpiryService) {}

  @Post()
  @Roles('village_admin')
  @Idempotent()
  @HttpCode(201)
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'runExpiry', summary: '年度清零: expire the points held from before the reset date (once per year; a second run returns the first)' })
  @ApiCreatedResponse({ type: ExpiryRunDto })
  run(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CreateExpiryRunDto, @IdempotentTx() tx: EntityManager): Promise<ExpiryRunDto> {
    return this.expiry.run(actor, id, dto.year, tx);
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'auditor')
  @ApiOperation({ operationId: 'listExpiryRuns', summary: 'Past expiry runs of a village, newest year first' })
  @ApiOkResponse({ type: ExpiryRunDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ExpiryRunDto[]> {
    return this.expiry.list(actor, id);
  }
}
