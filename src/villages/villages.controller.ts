import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page, PageOf } from '../common/pagination';
import { UuidParam } from '../common/params';
import { CreateVillageDto, ListVillagesQueryDto, UpdateVillageDto, VillageDto } from './dto/village.dto';
import { VillagesService } from './villages.service';

@ApiTags('villages')
@Controller('v1/villages')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createVillage', summary: 'Create a village (tenant) with its settings' })
  @ApiCreatedResponse({ type: VillageDto })
  create(@Body() dto: CreateVillageDto): Promise<VillageDto> {
    return this.villages.create(dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listVillages', summary: 'List villages, ordered by code' })
  @ApiOkResponse({ type: PageOf(VillageDto) })
  list(@Query() query: ListVillagesQueryDto): Promise<Page<VillageDto>> {
    return this.villages.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getVillage', summary: 'Get one village' })
  @ApiOkResponse({ type: VillageDto })
  get(@Param('id', UuidParam) id: string): Promise<VillageDto> {
    return this.villages.get(id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateVillage', summary: 'Change a village name, township or settings' })
  @ApiOkResponse({ type: VillageDto })
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateVillageDto): Promise<VillageDto> {
    return this.villages.update(id, dto);
  }
}
