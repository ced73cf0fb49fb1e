import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { ROLES } from '../core/identity/roles';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { CreateVillageDto, ListVillagesQueryDto, UpdateVillageDto, VillageDto } from './dto/village.dto';
import { VillagesService } from './villages.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('villages')
@Controller('v1/villages')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Post()
  @Roles('admin', 'township_admin')
  @HttpCode(201)
  @ApiProblems('not_found', 'conflict')
  @ApiOperation({ operationId: 'createVillage', summary: 'Create a village (tenant) with its settings (a township admin: in its township)' })
  @ApiCreatedResponse({ type: VillageDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVillageDto): Promise<VillageDto> {
    return this.villages.create(actor, dto);
  }

  @Get()
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'listVillages', summary: 'List the villages the caller has a role in (admin: all), ordered by code' })
  @ApiOkResponse({ type: PageOf(VillageDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListVillagesQueryDto): Promise<Page<VillageDto>> {
    return this.villages.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'getVillage', summary: 'Get one village' })
  @ApiOkResponse({ type: VillageDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<VillageDto> {
    return this.villages.get(actor, id);
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiOperation({ operationId: 'updateVillage', summary: 'Change a village name, township or settings' })
  @ApiOkResponse({ type: VillageDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateVillageDto): Promise<VillageDto> {
    return this.villages.update(actor, id, dto);
  }
}
