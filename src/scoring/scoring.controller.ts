import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPublicPage, answerPublicPage } from '../core/http/public-page';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Public, Roles } from '../core/identity/decorators';
import { Idempotent, IdempotencyKey, IdempotentTx } from '../core/idempotency/idempotency';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import {
  BulkItemsDto,
  BulkItemsResultDto,
  CancelRoundDto,
  CreateItemDto,
  CreateObjectionDto,
  CreateRatingDto,
  CreateRoundDto,
  ItemDetailDto,
  ItemDto,
  ListItemsQueryDto,
  ListObjectionsQueryDto,
  ListRoundsQueryDto,
  NoticesDto,
  ObjectionDto,
  PostResultDto,
  RatingDto,
  ResolveObjectionDto,
  RoundDto,
} from './dto/scoring.dto';
import { NoticesService, renderNoticesHtml } from './notices.service';
import { ObjectionsService } from './objections.service';
import { ScoringService } from './scoring.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('scoring')
@Controller('v1/scoring-rounds')
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly objections: ObjectionsService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'createScoringRound', summary: "Open a scoring round for a panel (it keeps the panel's current members, quorum and decision rule)" })
  @ApiCreatedResponse({ type: RoundDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoundDto): Promise<RoundDto> {
    return this.scoring.createRound(actor, dto);
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listScoringRounds', summary: "A village's scoring rounds, newest first" })
  @ApiOkResponse({ type: PageOf(RoundDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListRoundsQueryDto): Promise<Page<RoundDto>> {
    return this.scoring.listRounds(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiOperation({ operationId: 'getScoringRound', summary: 'One scoring round with its members and counts' })
  @ApiOkResponse({ type: RoundDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<RoundDto> {
    return this.scoring.getRound(actor, id);
  }

  @Post(':id/items')
  @HttpCode(201)
  @Roles('village_admin', 'panel_member', 'resident')
  @ApiProblems('invalid_state', 'conflict_of_interest')
  @ApiOperation({ operationId: 'createScoreItem', summary: 'Add a score item (a resident: a self-claim for their own household, with evidence)' })
  @ApiCreatedResponse({ type: ItemDto })
  addItem(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CreateItemDto): Promise<ItemDto> {
    return this.scoring.addItem(actor, id, dto);
  }

  // `items:bulk`: a literal colon, escaped as `::` for Fastify's router (find-my-way).
  @Post(':id/items::bulk')
  @HttpCode(201)
  @Roles('village_admin', 'panel_member')
  @ApiProblems('invalid_state', 'conflict_of_interest')
  @ApiOperation({ operationId: 'createScoreItemsInBulk', summary: 'One rule, up to 1,000 households (an event many took part in), all or nothing' })
  @ApiCreatedResponse({ type: BulkItemsResultDto })
  addItems(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: BulkItemsDto): Promise<BulkItemsResultDto> {
    return this.scoring.addItemsInBulk(actor, id, dto);
  }

  @Get(':id/items')
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiOperation({ operationId: 'listScoreItems', summary: "A round's items in the order they were added" })
  @ApiOkResponse({ type: PageOf(ItemDto) })
  listItems(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: ListItemsQueryDto): Promise<Page<ItemDto>> {
    return this.scoring.listItems(actor, id, query);
  }

  @Get(':id/items/:itemId')
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiOperation({ operationId: 'getScoreItem', summary: 'One item with its ratings' })
  @ApiOkResponse({ type: ItemDetailDto })
  getItem(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('itemId', UuidParam) itemId: string): Promise<ItemDetailDto> {
    return this.scoring.getItem(actor, id, itemId);
  }

  @Post(':id/items/:itemId/ratings')
  @HttpCode(201)
  @Roles('panel_member')
  @ApiProblems('invalid_state', 'conflict_of_interest')
  @ApiOperation({ operationId: 'rateScoreItem', summary: "Rate an item (members of the round's panel; a second rating replaces the first while open)" })
  @ApiCreatedResponse({ type: RatingDto })
  rate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('itemId', UuidParam) itemId: string, @Body() dto: CreateRatingDto): Promise<RatingDto> {
    return this.scoring.rate(actor, id, itemId, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('village_admin')
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'publishScoringRound', summary: 'Decide every item and put the round under public notice (公示)' })
  @ApiOkResponse({ type: RoundDto })
  publish(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<RoundDto> {
    return this.scoring.publish(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('village_admin')
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'cancelScoringRound', summary: 'Cancel a round before it is posted' })
  @ApiOkResponse({ type: RoundDto })
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CancelRoundDto): Promise<RoundDto> {
    return this.scoring.cancel(actor, id, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @Roles('village_admin')
  @Idempotent()
  @ApiProblems('invalid_state', 'notice_period_open', 'objections_open')
  @ApiOperation({ operationId: 'postScoringRound', summary: 'After the notice period, with no open objection: one ledger transaction per approved item, all or nothing' })
  @ApiOkResponse({ type: PostResultDto })
  post(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @IdempotentTx() tx: EntityManager,
    @IdempotencyKey() key: string,
  ): Promise<PostResultDto> {
    return this.scoring.post(tx, actor, id, key);
  }

  @Post(':id/items/:itemId/objections')
  @HttpCode(201)
  @Roles('resident', 'village_admin', 'panel_member', 'clerk')
  @ApiProblems('invalid_state')
  @ApiOperation({ operationId: 'fileObjection', summary: 'Object to an item during the notice period (a resident, or staff on a villager\'s behalf)' })
  @ApiCreatedResponse({ type: ObjectionDto })
  object(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('itemId', UuidParam) itemId: string,
    @Body() dto: CreateObjectionDto,
  ): Promise<ObjectionDto> {
    return this.objections.file(actor, id, itemId, dto);
  }
}

@ApiTags('scoring')
@Controller('v1/objections')
export class ObjectionsController {
  constructor(private readonly objections: ObjectionsService) {}

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'panel_member', 'auditor')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listObjections', summary: "A village's objections, oldest first" })
  @ApiOkResponse({ type: PageOf(ObjectionDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListObjectionsQueryDto): Promise<Page<ObjectionDto>> {
    return this.objections.list(actor, query);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('village_admin', 'panel_member')
  @ApiProblems('invalid_state', 'conflict_of_interest')
  @ApiOperation({ operationId: 'resolveObjection', summary: 'Uphold (withdraw or revise the item) or dismiss an objection, with a note' })
  @ApiOkResponse({ type: ObjectionDto })
  resolve(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: ResolveObjectionDto): Promise<ObjectionDto> {
    return this.objections.resolve(actor, id, dto);
  }
}

@ApiTags('scoring')
@Controller('v1/public/villages')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':idOrCode/notices')
  @ReplicaRead()
  @Public()
  @ApiOperation({
    operationId: 'getPublicNotices',
    summary: '公示: rounds under notice and recently posted, names masked; JSON, or a printable page with Accept: text/html',
    description: 'The village by id or code. Answers with an ETag: send it back in If-None-Match to get 304 while nothing changed.',
  })
  @ApiPublicPage(NoticesDto)
  async notice(@Param('idOrCode') idOrCode: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<NoticesDto | string | undefined> {
    const notices = await this.notices.notices(idOrCode);
    return answerPublicPage(request, reply, notices, (n) => renderNoticesHtml(n, n.timezone), this.config.publicFrameAncestors ?? []);
  }
}
