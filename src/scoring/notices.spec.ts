import { prefersHtml } from '../core/http/html';
import { renderNoticesHtml } from './notices.service';
import { NoticesDto } from './dto/scoring.dto';

const notices = (title: string, headName: string | null): NoticesDto => ({
  villageId: '00000000-0000-4000-8000-000000000001',
  villageName: '幸福村',
  timezone: 'Asia/Shanghai',
  generatedAt: '2026-11-28T02:00:00.000Z',
  rounds: [
    {
      id: '00000000-0000-4000-8000-000000000002',
      title,
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      status: 'notice',
      publishedAt: '2026-11-28T01:00:00.000Z',
      noticeEndsAt: '2026-12-01T01:00:00.000Z',
      postedAt: null,
      items: [
        {
          id: '00000000-0000-4000-8000-000000000003',
          householdCode: 'A-01',
          headName,
          ruleCode: 'HY-01',
          ruleTitle: '庭院整洁',
          category: '环境卫生',
          proposedPoints: 5,
          points: -5,
          decision: 'approved',
          reason: null,
          objections: [{ id: 'o1', by: '匿名', text: '<b>不同意</b>', status: 'open', revisedPoints: null, resolutionNote: null }],
        },
      ],
    },
  ],
});

describe('printable notice page', () => {
  it('escapes everything it prints and carries no script', () => {
    const html = renderNoticesHtml(notices('<script>alert(1)</script>', '张*明'));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;不同意&lt;/b&gt;');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta http-equiv="refresh" content="300">'); // the square's screen refreshes without a script
  });

  it('shows masked names, signed points and times in the village time zone', () => {
    const html = renderNoticesHtml(notices('11月评议', '张*明'));
    expect(html).toContain('<td>张*明</td>');
    expect(html).toContain('<td class="num">-5</td>');
    expect(html).toContain('公示期至 2026-12-01 09:00');
  });

  it('prints a dash where the name is withheld', () => {
    expect(renderNoticesHtml(notices('评议', null))).toContain('<td>—</td>');
  });
});

describe('content negotiation of the notice', () => {
  it('answers HTML to browsers and JSON to API clients', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
  });
});
