import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { DomainError } from '../core/errors/errors';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { ResidentDuplicatesService } from './duplicates.service';
import {
  CreateResidentDto,
  DuplicateIdNumberDto,
  DuplicatesQueryDto,
  ExportQueryDto,
  ImportQueryDto,
  ImportResultDto,
  ListResidentsQueryDto,
  ResidentDto,
  UpdateResidentDto,
} from './dto/resident.dto';
import { ResidentsImportService } from './residents-import.service';
import { ResidentsService } from './residents.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('residents')
@Controller('v1/residents')
export class ResidentsController {
  constructor(
    private readonly residents: ResidentsService,
    private readonly imports: ResidentsImportService,
    private readonly duplicateReport: ResidentDuplicatesService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @ApiProblems('not_found', 'conflict', 'invalid_state')
  @ApiOperation({ operationId: 'createResident', summary: 'Add a resident to a household' })
  @ApiCreatedResponse({ type: ResidentDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateResidentDto): Promise<ResidentDto> {
    return this.residents.create(actor, dto);
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'panel_member', 'resident')
  @ApiProblems('not_found', 'rate_limited')
  @ApiOperation({ operationId: 'listResidents', summary: 'List or search residents (a resident user sees only their household)' })
  @ApiOkResponse({ type: PageOf(ResidentDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListResidentsQueryDto): Promise<Page<ResidentDto>> {
    return this.residents.list(actor, query);
  }

  @Post('import')
  @HttpCode(200)
  @Roles('village_admin')
  @ApiProblems('not_found')
  @ApiOperation({
    operationId: 'importResidents',
    summary:
      'Import a roster CSV as exported from Excel (UTF-8 with or without BOM, or GBK; Chinese or English headers); at most 64 MiB and 100,000 lines (413), a line at most 100 fields and 65,536 characters (400)',
  })
  // The content types of CSV_CONTENT_TYPES (residents.module): Windows often labels .csv as Excel.
  @ApiConsumes('text/csv', 'application/csv', 'application/vnd.ms-excel')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportResultDto })
  import(@CurrentActor() actor: Actor, @Query() query: ImportQueryDto, @Req() request: FastifyRequest): Promise<ImportResultDto> {
    const body = request.body as AsyncIterable<Buffer> | undefined;
    if (!body || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') {
      throw new DomainError('unsupported_media_type', 'Send the file as the request body with Content-Type: text/csv');
    }
    return this.imports.import(actor, query, body);
  }

  @Get('export')
  @Roles('village_admin')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'exportResidents', summary: 'The roster as CSV (UTF-8 with BOM, opens in Excel; re-importable)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async export(@CurrentActor() actor: Actor, @Query() query: ExportQueryDto): Promise<StreamableFile> {
    const stream = await this.imports.export(actor, query.villageId);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="residents.csv"' });
  }

  @Get('duplicates')
  @Roles('admin')
  @ApiOperation({
    operationId: 'listDuplicateIdNumbers',
    summary: 'ID numbers registered in more than one village, with the residents holding them (admin only; every reading is audited)',
  })
  @ApiOkResponse({ type: PageOf(DuplicateIdNumberDto) })
  duplicates(@CurrentActor() actor: Actor, @Query() query: DuplicatesQueryDto): Promise<Page<DuplicateIdNumberDto>> {
    return this.duplicateReport.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'clerk', 'auditor', 'panel_member', 'resident')
  @ApiOperation({ operationId: 'getResident', summary: 'Get one resident' })
  @ApiOkResponse({ type: ResidentDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ResidentDto> {
    return this.residents.get(actor, id);
  }

  @Patch(':id')
  @Roles('village_admin')
  @ApiProblems('conflict', 'invalid_state')
  @ApiOperation({ operationId: 'updateResident', summary: 'Change a resident, or move them to another household of the village' })
  @ApiOkResponse({ type: ResidentDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateResidentDto): Promise<ResidentDto> {
    return this.residents.update(actor, id, dto);
  }
}
