import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiEtag, ApiProblems } from '../core/http/api-docs';
import { CreatePanelDto, ListPanelsQueryDto, PanelDto, UpdatePanelDto } from './dto/panel.dto';
import { PanelsService } from './panels.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('panels')
@Controller('v1/panels')
export class PanelsController {
  constructor(private readonly panels: PanelsService) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @ApiProblems('not_found')
  @ApiEtag()
  @ApiOperation({ operationId: 'createPanel', summary: 'Form a scoring panel of panel_member users, with its quorum and decision rule' })
  @ApiCreatedResponse({ type: PanelDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePanelDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<PanelDto> {
    const { body, etag } = await this.panels.create(actor, dto);
    void reply.header('ETag', etag);
    return body;
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listPanels', summary: "A village's panels with their members" })
  @ApiOkResponse({ type: PageOf(PanelDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListPanelsQueryDto): Promise<Page<PanelDto>> {
    return this.panels.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiEtag()
  @ApiOperation({ operationId: 'getPanel', summary: 'One panel with its members and ETag' })
  @ApiOkResponse({ type: PanelDto })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PanelDto> {
    const { body, etag } = await this.panels.get(actor, id);
    void reply.header('ETag', etag);
    return body;
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiEtag()
  @ApiOperation({ operationId: 'updatePanel', summary: 'Change a panel (rounds already opened keep their membership)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; a stale one answers 412' })
  @ApiOkResponse({ type: PanelDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdatePanelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PanelDto> {
    const { body, etag } = await this.panels.update(actor, id, dto, ifMatch);
    void reply.header('ETag', etag);
    return body;
  }
}
