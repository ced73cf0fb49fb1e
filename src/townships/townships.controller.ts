import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { ApiProblems } from '../core/http/api-docs';
import { Page, PageOf, PageQueryDto } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { CreateTownshipDto, TownshipDto, UpdateTownshipDto } from './dto/township.dto';
import { TownshipsService } from './townships.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('townships')
@Controller('v1/townships')
export class TownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiProblems('conflict')
  @ApiOperation({ operationId: 'createTownship', summary: 'Create a township (镇)' })
  @ApiCreatedResponse({ type: TownshipDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTownshipDto): Promise<TownshipDto> {
    return this.townships.create(actor, dto);
  }

  @Get()
  @ReplicaRead()
  @Roles('township_admin', 'township_officer')
  @ApiOperation({ operationId: 'listTownships', summary: 'Townships (admin: all; township staff: their own), ordered by code' })
  @ApiOkResponse({ type: PageOf(TownshipDto) })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<TownshipDto>> {
    return this.townships.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('township_admin', 'township_officer')
  @ApiOperation({ operationId: 'getTownship', summary: 'One township' })
  @ApiOkResponse({ type: TownshipDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<TownshipDto> {
    return this.townships.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateTownship', summary: 'Rename a township' })
  @ApiOkResponse({ type: TownshipDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateTownshipDto): Promise<TownshipDto> {
    return this.townships.update(actor, id, dto);
  }
}
