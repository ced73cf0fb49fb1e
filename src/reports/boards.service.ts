import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { escapeHtml, printablePage } from '../common/html';
import { localDate } from '../common/village-time';
import { maskName } from '../common/masking';
import { villageByIdOrCode } from '../villages/village-lookup';
import { BoardsDto } from './dto/boards.dto';
import { parsePeriod } from './period';
import { ReportsRepository } from './reports.repository';

const TOP = 10;

/**
 * 红黑榜 for the public notice screen: the period's top earners (heads' names masked) and
 * its deductions (rule and points; names masked, or withheld when the village says so).
 */
@Injectable()
export class BoardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly repo: ReportsRepository,
  ) {}

  async boards(idOrCode: string, periodLabel: string | undefined): Promise<BoardsDto> {
    const village = await villageByIdOrCode(this.dataSource.manager, idOrCode);
    const villageId = village.id;
    const tz = village.settings.timezone;
    const period = parsePeriod(periodLabel ?? localDate(this.clock.now(), tz).slice(0, 7));
    const showNames = village.settings.showDeductionNames !== false;
    const [top, deductions] = await Promise.all([
      this.repo.topEarners(this.dataSource.manager, villageId, period.start, period.end, TOP),
      this.repo.deductions(this.dataSource.manager, villageId, period.start, period.end, tz),
    ]);
    return {
      villageId,
      villageName: village.name,
      period: period.label,
      topEarners: top.map((r) => ({ rank: Number(r.rank), householdCode: r.code, headName: r.head ? maskName(r.head) : null, points: Number(r.points) })),
      deductions: deductions.map((d) => ({
        householdCode: showNames ? d.code : null,
        headName: showNames && d.head ? maskName(d.head) : null,
        rule: d.rule,
        category: d.category,
        points: d.points,
        date: localDate(new Date(d.posted_at), tz),
      })),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}

export function renderBoardsHtml(boards: BoardsDto, timeZone: string): string {
  const top = boards.topEarners
    .map((e) => `<tr><td class="num">${e.rank}</td><td>${escapeHtml(e.householdCode)}</td><td>${escapeHtml(e.headName ?? '—')}</td><td class="num">+${e.points}</td></tr>`)
    .join('\n');
  const black = boards.deductions
    .map((d) => `<tr><td>${escapeHtml(d.date)}</td><td>${escapeHtml(d.householdCode ?? '—')}</td><td>${escapeHtml(d.headName ?? '—')}</td><td>${escapeHtml(d.rule)}</td><td class="num">${d.points}</td></tr>`)
    .join('\n');
  const body = `<section>
<h2 class="red">红榜 · 积分前${TOP}名（${escapeHtml(boards.period)}）</h2>
<table><thead><tr><th>名次</th><th>户号</th><th>户主</th><th>积分</th></tr></thead>
<tbody>${top || '<tr><td colspan="4">本期暂无</td></tr>'}</tbody></table>
</section>
<section>
<h2 class="black">黑榜 · 扣分公示（${escapeHtml(boards.period)}）</h2>
<table><thead><tr><th>日期</th><th>户号</th><th>户主</th><th>事项</th><th>扣分</th></tr></thead>
<tbody>${black || '<tr><td colspan="5">本期无扣分</td></tr>'}</tbody></table>
</section>`;
  return printablePage(`${boards.villageName} 红黑榜`, body, `生成时间：${localDate(new Date(boards.generatedAt), timeZone)}`);
}
