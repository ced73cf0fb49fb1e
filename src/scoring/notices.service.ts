import { escapeHtml } from '../common/html';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import { villageByIdOrCode } from '../villages/village-lookup';
import { maskName } from '../common/masking';
import { isDeduction } from './decision';
import { NoticeItemDto, NoticeObjectionDto, NoticesDto } from './dto/scoring.dto';
import { ObjectionStatus } from './entities/objection.entity';
import { ItemStatus } from './entities/score-item.entity';
import { RoundStatus } from './entities/scoring-round.entity';
import { ScoringReadsRepository } from './scoring-reads.repository';

/** Posted rounds stay on the notice board this long after posting. */
export const RECENTLY_POSTED_DAYS = 30;

const DECISION_LABELS: Record<ItemStatus, string> = {
  pending: '待评定',
  approved: '通过',
  rejected: '未通过',
  no_quorum: '未达法定人数',
  withdrawn: '已撤销',
};
const OBJECTION_LABELS: Record<ObjectionStatus, string> = { open: '处理中', upheld: '异议成立', dismissed: '异议不成立' };
const ROUND_LABELS: Record<RoundStatus, string> = { open: '评议中', notice: '公示中', posted: '已入账', cancelled: '已取消' };

@Injectable()
export class NoticesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly repo: ScoringReadsRepository,
  ) {}

  /** 公示: rounds under notice and recently posted, names masked; no login. */
  async notices(idOrCode: string): Promise<NoticesDto> {
    const village = await villageByIdOrCode(this.dataSource.manager, idOrCode);
    const villageId = village.id;
    // Village setting showDeductionNames: false lists deductions without the household's code or
    // the head's name (absent: shown), as the boards do.
    const hideDeductionNames = village.settings.showDeductionNames === false;
    const now = this.clock.now();
    const since = new Date(now.getTime() - RECENTLY_POSTED_DAYS * 24 * 3600 * 1000);
    const rounds = await this.repo.noticeRounds(this.dataSource.manager, villageId, since);
    if (!rounds.length) return { villageId, villageName: village.name, timezone: village.settings.timezone, generatedAt: now.toISOString(), rounds: [] };
    const ids = rounds.map((r) => r.id);
    const items = await this.repo.noticeItems(this.dataSource.manager, ids);
    const objections = await this.repo.noticeObjections(this.dataSource.manager, ids);
    const byItem = new Map<string, NoticeObjectionDto[]>();
    for (const o of objections) {
      const list = byItem.get(o.item_id) ?? [];
      list.push({
        id: o.id,
        by: o.anonymous ? '匿名' : o.name ? maskName(o.name) : '村民',
        text: o.text,
        status: o.status,
        revisedPoints: o.revised_points,
        resolutionNote: o.resolution_note,
      });
      byItem.set(o.item_id, list);
    }
    const byRound = new Map<string, NoticeItemDto[]>();
    for (const i of items) {
      const deduction = isDeduction({ points: i.points, minPoints: i.min_points, maxPoints: i.max_points }) || (i.final_points ?? i.proposed_points) < 0;
      const withheld = deduction && hideDeductionNames;
      const list = byRound.get(i.round_id) ?? [];
      list.push({
        id: i.id,
        householdCode: withheld ? null : i.code,
        headName: i.head && !withheld ? maskName(i.head) : null,
        ruleCode: i.rule_code,
        ruleTitle: i.rule_title,
        category: i.category,
        proposedPoints: i.proposed_points,
        points: i.final_points,
        decision: i.status,
        reason: i.reason,
        // Who objects to a deduction is nearly always the household itself: their name is withheld too.
        objections: (byItem.get(i.id) ?? []).map((o) => (withheld && o.by !== '匿名' ? { ...o, by: '村民' } : o)),
      });
      byRound.set(i.round_id, list);
    }
    // Withheld deductions go last, in rule order: among the other items, ordered by household
    // code, a nameless line between 一组-001 and 一组-003 would name 一组-002 all the same.
    for (const list of byRound.values()) {
      const shown = list.filter((i) => i.householdCode !== null);
      const withheld = list.filter((i) => i.householdCode === null).sort((a, b) => (a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : a.id < b.id ? -1 : 1));
      list.splice(0, list.length, ...shown, ...withheld);
    }
    return {
      villageId,
      villageName: village.name,
      timezone: village.settings.timezone,
      generatedAt: now.toISOString(),
      rounds: rounds.map((r) => ({
        id: r.id,
        title: r.title,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        status: r.status,
        publishedAt: r.published_at?.toISOString() ?? null,
        noticeEndsAt: r.notice_ends_at?.toISOString() ?? null,
        postedAt: r.posted_at?.toISOString() ?? null,
        items: byRound.get(r.id) ?? [],
      })),
    };
  }
}


/** Beijing time for a notice board: 2026-11-28 14:05. */
function shanghai(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const signed = (n: number | null): string => (n === null ? '—' : n > 0 ? `+${n}` : String(n));

/**
 * The notice as a plain printable page for the screen in the village square: large type,
 * high contrast, no scripts, no external resources; it reloads itself every 5 minutes.
 */
export function renderNoticesHtml(notices: NoticesDto, timeZone = 'Asia/Shanghai'): string {
  const rounds = notices.rounds
    .map((r) => {
      const rows = r.items
        .map((i) => {
          const objections = i.objections
            .map((o) => `<div class="objection">异议（${escapeHtml(o.by)}）：${escapeHtml(o.text)} — ${escapeHtml(OBJECTION_LABELS[o.status])}${o.resolutionNote ? `：${escapeHtml(o.resolutionNote)}` : ''}</div>`)
            .join('');
          return `<tr><td>${escapeHtml(i.householdCode ?? '—')}</td><td>${escapeHtml(i.headName ?? '—')}</td><td>${escapeHtml(i.category)}</td><td>${escapeHtml(i.ruleTitle)}</td><td class="num">${escapeHtml(signed(i.points ?? (i.decision === 'approved' ? null : i.proposedPoints)))}</td><td>${escapeHtml(DECISION_LABELS[i.decision])}${i.reason === 'cap_exceeded' ? '（超出上限）' : ''}${objections}</td></tr>`;
        })
        .join('\n');
      const when =
        r.status === 'notice'
          ? `公示期至 ${escapeHtml(shanghai(r.noticeEndsAt, timeZone))}，如有异议请向村两委或评定小组反映。`
          : `已于 ${escapeHtml(shanghai(r.postedAt, timeZone))} 入账。`;
      return `<section>
<h2>${escapeHtml(r.title)} <span class="status">${escapeHtml(ROUND_LABELS[r.status])}</span></h2>
<p>评议期间：${escapeHtml(r.periodStart)} 至 ${escapeHtml(r.periodEnd)}。${when}</p>
<table>
<thead><tr><th>户号</th><th>户主</th><th>类别</th><th>事项</th><th>积分</th><th>评定结果</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">本轮无评分项</td></tr>'}
</tbody>
</table>
</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="300">
<title>${escapeHtml(notices.villageName)} 积分评定公示</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 28px; line-height: 1.5; margin: 1em; color: #000; background: #fff; }
h1 { font-size: 2em; text-align: center; margin: 0.2em 0; }
h2 { font-size: 1.4em; border-bottom: 3px solid #b00; }
.status { font-size: 0.7em; color: #b00; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 2px solid #000; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-weight: bold; white-space: nowrap; }
.objection { font-size: 0.8em; }
footer { margin-top: 1em; font-size: 0.7em; }
@media print { body { font-size: 16pt; } section { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(notices.villageName)} 积分评定公示</h1>
${rounds || '<p>目前没有公示中的评定结果。</p>'}
<footer>生成时间：${escapeHtml(shanghai(notices.generatedAt, timeZone))}</footer>
</body>
</html>
`;
}
