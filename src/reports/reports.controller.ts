import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiPublicPage, answerPublicPage } from '../core/http/public-page';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Public, Roles } from '../core/identity/decorators';
import { ROLES } from '../core/identity/roles';
import { UuidParam } from '../core/http/params';
import { BoardsService, renderBoardsHtml } from './boards.service';
import { BoardsDto, BoardsQueryDto } from './dto/boards.dto';
import { CSV_CONTENT_TYPE, toCsv, wantsCsv } from '../core/vocabulary/csv';
import { LeaderboardDto, LeaderboardQueryDto, StarsDto, StarsQueryDto, SummaryDto, SummaryQueryDto, TownshipSummaryDto, TownshipSummaryQueryDto } from './dto/reports.dto';
import { ReportsService } from './reports.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

const STAR = '★';

function summaryRows(s: SummaryDto): unknown[] {
  return [s.villageName, s.from, s.to, s.openingBalance, s.issued, s.deducted, s.redeemed, s.refunded, s.expired, s.adjusted, s.outstanding, s.households, s.participatingHouseholds, s.participation];
}
const SUMMARY_HEADERS = ['村', '开始', '结束', '期初积分', '发放', '扣减', '兑换', '退还', '清零', '调整', '期末积分', '户数', '参与户数', '参与率'];

/** JSON by default; `Accept: text/csv` gives the same report as UTF-8-with-BOM CSV for Excel. */
export function respond<T>(reply: FastifyReply, accept: string | undefined, body: T, csv: () => string, filename: string): T | string {
  if (!wantsCsv(accept)) return body;
  void reply.header('Content-Type', CSV_CONTENT_TYPE).header('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return csv();
}

@ApiTags('reports')
@Controller('v1')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('villages/:id/leaderboard')
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'getLeaderboard', summary: '积分榜: households ranked by points earned in a month, quarter or year (also text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: LeaderboardDto })
  async leaderboard(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: LeaderboardQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LeaderboardDto | string> {
    const board = await this.reports.leaderboard(actor, id, query);
    return respond(reply, accept, board, () => toCsv(['名次', '户号', '村民小组', '积分', '星级'], board.items.map((i) => [i.rank, i.code, i.group, i.points, STAR.repeat(i.stars)])), `leaderboard-${board.period}`);
  }

  @Get('villages/:id/stars')
  @ReplicaRead()
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'getStars', summary: '星级文明户: stars of each household for a year (also text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StarsDto })
  async stars(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: StarsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StarsDto | string> {
    const stars = await this.reports.stars(actor, id, query);
    return respond(reply, accept, stars, () => toCsv(['户号', '村民小组', '年度积分', '星级'], stars.items.map((i) => [i.code, i.group, i.points, STAR.repeat(i.stars)])), `stars-${stars.year}`);
  }

  @Get('villages/:id/summary')
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'township_officer')
  @ApiOperation({ operationId: 'getVillageSummary', summary: 'Points issued, deducted, redeemed, refunded, expired and outstanding, with participation, categories, goods and donors (also text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SummaryDto })
  async summary(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: SummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SummaryDto | string> {
    const summary = await this.reports.summary(actor, id, query);
    return respond(reply, accept, summary, () => toCsv(SUMMARY_HEADERS, [summaryRows(summary)]), `summary-${summary.from}-${summary.to}`);
  }

  @Get('summary')
  @ReplicaRead()
  @Roles('admin')
  @ApiOperation({ operationId: 'getVillagesSummary', summary: 'Villages side by side (admin), optionally one township (also text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TownshipSummaryDto })
  async township(
    @CurrentActor() actor: Actor,
    @Query() query: TownshipSummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TownshipSummaryDto | string> {
    const summary = await this.reports.township(actor, query);
    return respond(reply, accept, summary, () => toCsv(SUMMARY_HEADERS, summary.villages.map(summaryRows)), `summary-${summary.from}-${summary.to}`);
  }
}

@ApiTags('reports')
@Controller('v1/public/villages')
export class BoardsController {
  constructor(
    private readonly boards: BoardsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':idOrCode/boards')
  @ReplicaRead()
  @Public()
  @ApiOperation({
    operationId: 'getPublicBoards',
    summary: '红黑榜: top earners and deductions of a period, names masked; JSON, or a printable page with Accept: text/html',
    description: 'The village by id or code. Answers with an ETag: send it back in If-None-Match to get 304 while nothing changed.',
  })
  @ApiPublicPage(BoardsDto)
  async get(
    @Param('idOrCode') idOrCode: string,
    @Query() query: BoardsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BoardsDto | string | undefined> {
    const boards = await this.boards.boards(idOrCode, query.period);
    return answerPublicPage(request, reply, boards, (b) => renderBoardsHtml(b, 'Asia/Shanghai'), this.config.publicFrameAncestors ?? []);
  }
}
