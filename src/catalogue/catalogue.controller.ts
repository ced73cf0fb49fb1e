import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { ROLES } from '../core/identity/roles';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiEtag, ApiProblems } from '../core/http/api-docs';
import { CatalogueService } from './catalogue.service';
import {
  CatalogueItemDto,
  CreateCatalogueItemDto,
  CreateStockMovementDto,
  ListCatalogueItemsQueryDto,
  StockMovementDto,
  StockMovementsQueryDto,
  UpdateCatalogueItemDto,
} from './dto/catalogue.dto';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('catalogue')
@Controller('v1/catalogue-items')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post()
  @Roles('village_admin')
  @HttpCode(201)
  @ApiProblems('not_found', 'conflict')
  @ApiEtag()
  @ApiOperation({ operationId: 'createCatalogueItem', summary: 'Add a good to the village points supermarket (stock starts at 0)' })
  @ApiCreatedResponse({ type: CatalogueItemDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateCatalogueItemDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CatalogueItemDto> {
    const { body, etag } = await this.catalogue.create(actor, dto);
    void reply.header('ETag', etag);
    return body;
  }

  @Get()
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listCatalogueItems', summary: 'The catalogue of a village, by name' })
  @ApiOkResponse({ type: PageOf(CatalogueItemDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListCatalogueItemsQueryDto): Promise<Page<CatalogueItemDto>> {
    return this.catalogue.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiEtag()
  @ApiOperation({ operationId: 'getCatalogueItem', summary: 'One good, with its ETag' })
  @ApiOkResponse({ type: CatalogueItemDto })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CatalogueItemDto> {
    const { body, etag } = await this.catalogue.get(actor, id);
    void reply.header('ETag', etag);
    return body;
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiEtag()
  @ApiOperation({ operationId: 'updateCatalogueItem', summary: 'Change a good (price changes never alter past sales)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; a stale one answers 412' })
  @ApiOkResponse({ type: CatalogueItemDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateCatalogueItemDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogueItemDto> {
    const { body, etag } = await this.catalogue.update(actor, id, dto, ifMatch);
    void reply.header('ETag', etag);
    return body;
  }

  @Post(':id/stock-movements')
  @Roles('village_admin', 'clerk')
  @HttpCode(201)
  @ApiProblems('insufficient_stock')
  @ApiOperation({ operationId: 'addStockMovement', summary: 'Record a donation, purchase, adjustment or write-off' })
  @ApiCreatedResponse({ type: StockMovementDto })
  addMovement(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CreateStockMovementDto): Promise<StockMovementDto> {
    return this.catalogue.addMovement(actor, id, dto);
  }

  @Get(':id/stock-movements')
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor')
  @ApiOperation({ operationId: 'listStockMovements', summary: 'The stock ledger of a good, newest first' })
  @ApiOkResponse({ type: PageOf(StockMovementDto) })
  movements(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: StockMovementsQueryDto): Promise<Page<StockMovementDto>> {
    return this.catalogue.movements(actor, id, query);
  }
}
