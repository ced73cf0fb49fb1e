import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { ROLES } from '../core/identity/roles';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiEtag, ApiProblems } from '../core/http/api-docs';
import { CreateRuleDto, ListRulesQueryDto, RuleDto, UpdateRuleDto } from './dto/rule.dto';
import { RulesService } from './rules.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('rules')
@Controller('v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @ApiProblems('not_found', 'conflict')
  @ApiEtag()
  @ApiOperation({ operationId: 'createRule', summary: 'Add a rule to the village rule book (fixed points or a range; negative: a deduction)' })
  @ApiCreatedResponse({ type: RuleDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateRuleDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RuleDto> {
    const { body, etag } = await this.rules.create(actor, dto);
    void reply.header('ETag', etag);
    return body;
  }

  @Get()
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listRules', summary: 'The rule book of a village, by code' })
  @ApiOkResponse({ type: PageOf(RuleDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListRulesQueryDto): Promise<Page<RuleDto>> {
    return this.rules.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiEtag()
  @ApiOperation({ operationId: 'getRule', summary: 'One rule, with its ETag' })
  @ApiOkResponse({ type: RuleDto })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RuleDto> {
    const { body, etag } = await this.rules.get(actor, id);
    void reply.header('ETag', etag);
    return body;
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiProblems('invalid_state')
  @ApiEtag()
  @ApiOperation({ operationId: 'updateRule', summary: 'Change title, description or category; points only while no item uses the rule' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; a stale one answers 412' })
  @ApiOkResponse({ type: RuleDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateRuleDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RuleDto> {
    const { body, etag } = await this.rules.update(actor, id, dto, ifMatch);
    void reply.header('ETag', etag);
    return body;
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('village_admin')
  @ApiProblems('invalid_state')
  @ApiEtag()
  @ApiOperation({ operationId: 'retireRule', summary: 'Retire a rule: no new items may use it (its code becomes free for a replacement)' })
  @ApiOkResponse({ type: RuleDto })
  async retire(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RuleDto> {
    const { body, etag } = await this.rules.retire(actor, id);
    void reply.header('ETag', etag);
    return body;
  }
}
