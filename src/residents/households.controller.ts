import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiEtag, ApiProblems } from '../core/http/api-docs';
import { PassbookLineDto, StatementQueryDto } from '../ledger/dto/ledger.dto';
import { CSV_CONTENT_TYPE, toCsv, wantsCsv } from '../core/vocabulary/csv';

const PASSBOOK_KINDS: Record<string, string> = {
  award: '奖励',
  penalty: '扣分',
  redemption: '兑换',
  refund: '退还',
  reversal: '冲正',
  expiry: '清零',
  adjustment: '调整',
  transfer: '转账',
};
import {
  CreateHouseholdDto,
  HouseholdBalanceDto,
  HouseholdBalanceQueryDto,
  HouseholdDto,
  HouseholdLookupDto,
  HouseholdLookupQueryDto,
  ListHouseholdsQueryDto,
  UpdateHouseholdDto,
} from './dto/household.dto';
import { HouseholdsService } from './households.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('households')
@Controller('v1/households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @ApiProblems('not_found', 'conflict')
  @ApiEtag()
  @ApiOperation({ operationId: 'createHousehold', summary: 'Create a household and open its points account' })
  @ApiCreatedResponse({ type: HouseholdDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateHouseholdDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<HouseholdDto> {
    const { household, etag } = await this.households.create(actor, dto);
    void reply.header('ETag', etag);
    return household;
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'panel_member', 'resident')
  @ApiProblems('not_found', 'rate_limited')
  @ApiOperation({ operationId: 'listHouseholds', summary: 'List or search households (a resident sees only their own)' })
  @ApiOkResponse({ type: PageOf(HouseholdDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListHouseholdsQueryDto): Promise<Page<HouseholdDto>> {
    return this.households.list(actor, query);
  }

  @Get('lookup')
  @ReplicaRead()
  @Roles('clerk', 'village_admin')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'lookupHousehold', summary: 'Clerk look-up by card: household, members (masked) and balance in one round trip' })
  @ApiOkResponse({ type: HouseholdLookupDto })
  lookup(@CurrentActor() actor: Actor, @Query() query: HouseholdLookupQueryDto): Promise<HouseholdLookupDto> {
    return this.households.lookup(actor, query);
  }

  @Get(':id/statement')
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'resident')
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'getHouseholdStatement', summary: 'The household passbook (积分存折), newest first; Accept: text/csv exports the whole range for Excel' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PageOf(PassbookLineDto) })
  async statement(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: StatementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<PassbookLineDto> | string> {
    if (!wantsCsv(accept)) return this.households.statement(actor, id, query);
    const { code, lines } = await this.households.fullStatement(actor, id, query);
    void reply.header('Content-Type', CSV_CONTENT_TYPE).header('Content-Disposition', `attachment; filename="passbook-${encodeURIComponent(code)}.csv"`);
    return toCsv(
      ['时间', '类型', '积分', '余额', '摘要', '交易号'],
      lines.map((l) => [l.postedAt, PASSBOOK_KINDS[l.kind] ?? l.kind, l.amount, l.balanceAfter, l.memo, l.transactionId]),
    );
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'panel_member', 'resident')
  @ApiEtag()
  @ApiOperation({ operationId: 'getHousehold', summary: 'Get one household (with its ETag)' })
  @ApiOkResponse({ type: HouseholdDto })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<HouseholdDto> {
    const { household, etag } = await this.households.get(actor, id);
    void reply.header('ETag', etag);
    return household;
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiProblems('conflict', 'invalid_state')
  @ApiEtag()
  @ApiOperation({ operationId: 'updateHousehold', summary: 'Change a household: address, group, code, re-issue or revoke its card, close or reopen it' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; a stale one answers 412' })
  @ApiOkResponse({ type: HouseholdDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateHouseholdDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HouseholdDto> {
    const { household, etag } = await this.households.update(actor, id, dto, ifMatch);
    void reply.header('ETag', etag);
    return household;
  }

  @Get(':id/balance')
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'panel_member', 'resident')
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'getHouseholdBalance', summary: "The household's points balance, now or as of a time" })
  @ApiOkResponse({ type: HouseholdBalanceDto })
  balance(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: HouseholdBalanceQueryDto): Promise<HouseholdBalanceDto> {
    return this.households.balance(actor, id, query);
  }
}
