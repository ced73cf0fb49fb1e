import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { User } from '../users/user.entity';
import { Village } from '../villages/village.entity';
import { injectFetch } from './inject-fetch';
import { DemoRandom, chineseName, idNumber, surnameOf } from './names';

export const DEMO_PASSWORD = 'jifen-demo-2026';
export const DEMO_USERS = { villageAdmin: 'demo.admin', clerk: 'demo.clerk', auditor: 'demo.auditor', panel: ['demo.panel1', 'demo.panel2', 'demo.panel3'], township: 'demo.township' };
/** The two smaller villages of the township, beside 南林桥村. */
const NEIGHBOURS = [
  { code: 'DG', name: '东港村', households: 40 },
  { code: 'XT', name: '西塘村', households: 25 },
];
/** 党员包户: households of 南林桥村 the party member on the panel (demo.panel2) looks after. */
const CONTACT_HOUSEHOLDS = 12;
const HOUSEHOLDS = 200;

const RULES = [
  { code: 'HY-01', category: '环境卫生', title: '庭院整洁、门前三包', points: 5 },
  { code: 'HY-02', category: '环境卫生', title: '垃圾分类到位', minPoints: 1, maxPoints: 3 },
  { code: 'XL-01', category: '孝老爱亲', title: '孝敬老人、邻里和睦', points: 5 },
  { code: 'ZY-01', category: '志愿服务', title: '参加志愿服务（每次）', points: 2 },
  { code: 'YF-01', category: '移风易俗', title: '红白事简办', points: 10 },
  { code: 'ZF-01', category: '遵纪守法', title: '违反村规民约', minPoints: -10, maxPoints: -1 },
  { code: 'ZF-02', category: '遵纪守法', title: '乱堆乱放、私搭乱建', points: -5 },
  { code: 'WM-01', category: '乡风文明', title: '评为文明家庭', points: 20 },
  { code: 'CY-01', category: '产业发展', title: '带动乡亲增收', minPoints: 5, maxPoints: 20 },
];

const GOODS = [
  { sku: 'RICE-5', name: '大米 5kg', category: '粮油', pointsPrice: 50, stock: 120, donor: '浙江丰收粮油有限公司' },
  { sku: 'OIL-5', name: '食用油 5L', category: '粮油', pointsPrice: 80, stock: 60 },
  { sku: 'SOY-1', name: '酱油 1L', category: '调味', pointsPrice: 10, stock: 100 },
  { sku: 'POWDER', name: '洗衣粉 2kg', category: '日用', pointsPrice: 20, stock: 80, donor: '县供销社' },
  { sku: 'TOWEL', name: '毛巾', category: '日用', pointsPrice: 8, stock: 150 },
  { sku: 'SOAP', name: '肥皂', category: '日用', pointsPrice: 5, stock: 200 },
  { sku: 'PASTE', name: '牙膏', category: '日用', pointsPrice: 6, stock: 120 },
  { sku: 'PAPER', name: '卫生纸 10卷', category: '日用', pointsPrice: 15, stock: 90 },
];

/**
 * 南林桥镇 for trying Jifen: 南林桥村 with 200 households with residents, the rule book, a
 * panel, two posted scoring rounds and one under notice, a catalogue with donations, some
 * sales and contacts (党员包户); two smaller villages beside it; a township officer login.
 * Everything goes through the HTTP API in-process with the SDK (@jifen/sdk), so it is
 * validated and audited like any other change. Refuses to run on a database that already has villages.
 */
export async function seedDemo(app: NestFastifyApplication): Promise<{ villageId: string; townshipId: string }> {
  const dataSource = app.get(DataSource);
  if ((await dataSource.getRepository(Village).count()) > 0) throw new Error('the demo seeds an empty database only (villages exist)');
  // Loaded here, not at the top: the server imports this module, and needs the SDK only for --demo.
  const { createJifenClient, unwrap } = await import('@jifen/sdk');
  const fetch = injectFetch(app);
  const client = () => createJifenClient({ baseUrl: 'http://jifen.demo', fetch });
  // The first admin (bootstrap) acts, through a session started in-process (no password needed).
  const admin = await dataSource.getRepository(User).findOne({ where: {}, order: { createdAt: 'ASC' } });
  if (!admin) throw new Error('demo seed: no admin user (set BOOTSTRAP_ADMIN_USERNAME/PASSWORD)');
  const asAdmin = client();
  await asAdmin.setSession(await app.get(AuthService).startSession(admin, { ip: '127.0.0.1', requestId: `demo-seed-${randomUUID()}` }));
  const rng = new DemoRandom(20_261_128);

  const township = unwrap(await asAdmin.POST('/v1/townships', { body: { code: 'NLQZ', name: '南林桥镇' } }));
  const village = unwrap(
    await asAdmin.POST('/v1/villages', { body: { code: 'NLQ', name: '南林桥村', township: '南林桥镇', townshipId: township.id, settings: { noticePeriodDays: 0, quorum: 2 } } }),
  );
  for (const neighbour of NEIGHBOURS) {
    const { id } = unwrap(await asAdmin.POST('/v1/villages', { body: { code: neighbour.code, name: neighbour.name, township: '南林桥镇', townshipId: township.id } }));
    for (let h = 1; h <= neighbour.households; h++) {
      unwrap(await asAdmin.POST('/v1/households', { body: { villageId: id, code: `${neighbour.code}-${String(h).padStart(3, '0')}`, group: `第${1 + (h % 3)}村民小组` } }));
    }
  }
  unwrap(await asAdmin.POST('/v1/users', { body: { username: DEMO_USERS.township, password: DEMO_PASSWORD, displayName: '南林桥镇党委', roles: [{ role: 'township_officer', townshipId: township.id }] } }));
  const login = async (username: string) => {
    const session = client();
    await session.login(username, DEMO_PASSWORD);
    return session;
  };
  const user = async (username: string, displayName: string, role: 'village_admin' | 'clerk' | 'auditor' | 'panel_member') =>
    unwrap(await asAdmin.POST('/v1/users', { body: { username, password: DEMO_PASSWORD, displayName, roles: [{ role, villageId: village.id }] } })).id;
  await user(DEMO_USERS.villageAdmin, '村委会', 'village_admin');
  await user(DEMO_USERS.clerk, '积分超市售货员', 'clerk');
  await user(DEMO_USERS.auditor, '村务监督委员会', 'auditor');
  const panelIds = [await user(DEMO_USERS.panel[0], '村干部', 'panel_member'), await user(DEMO_USERS.panel[1], '党员代表', 'panel_member'), await user(DEMO_USERS.panel[2], '村民代表', 'panel_member')];
  const villageAdmin = await login(DEMO_USERS.villageAdmin);
  const clerk = await login(DEMO_USERS.clerk);
  const panel = await Promise.all(DEMO_USERS.panel.map(login));

  // Roster: one CSV import, as village staff would do from Excel.
  const lines = ['户号,姓名,身份证号,手机,性别,出生日期,户主,村民小组,住址,卡号'];
  for (let h = 1; h <= HOUSEHOLDS; h++) {
    const code = `NLQ-${String(h).padStart(3, '0')}`;
    const surname = surnameOf(rng);
    const members = rng.int(1, 4);
    for (let m = 0; m < members; m++) {
      const female = m % 2 === 1;
      const birth = `${rng.int(1945, 2005)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const phone = m === 0 ? `13${rng.int(5, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : '';
      lines.push([code, chineseName(rng, surname), idNumber(rng, birth, female, h * 4 + m), phone, female ? '女' : '男', birth, m === 0 ? '是' : '否', `第${rng.int(1, 6)}村民小组`, `南林桥村${rng.int(1, 30)}号`, m === 0 ? `CARD-${code}` : ''].join(','));
    }
  }
  unwrap(
    await villageAdmin.POST('/v1/residents/import', {
      params: { query: { villageId: village.id } },
      body: `${lines.join('\r\n')}\r\n`,
      bodySerializer: (csv: string) => csv,
      headers: { 'Content-Type': 'text/csv' },
    }),
  );
  const households: string[] = [];
  for await (const h of villageAdmin.paginate('/v1/households', { params: { query: { villageId: village.id, limit: 200 } } })) households.push(h.id);

  for (const id of households.slice(0, CONTACT_HOUSEHOLDS)) {
    unwrap(await villageAdmin.PATCH('/v1/households/{id}', { params: { path: { id } }, body: { contactUserId: panelIds[1] } }));
  }

  const rules: Record<string, { id: string; points?: number; minPoints?: number; maxPoints?: number }> = {};
  for (const rule of RULES) rules[rule.code] = { ...rule, id: unwrap(await villageAdmin.POST('/v1/rules', { body: { villageId: village.id, ...rule } })).id };
  const seats = ['cadre', 'party_member', 'resident_rep'] as const;
  const { id: panelId } = unwrap(
    await villageAdmin.POST('/v1/panels', { body: { villageId: village.id, name: '南林桥村积分评定小组', members: panelIds.map((userId, i) => ({ userId, seat: seats[i] })), quorum: 2 } }),
  );

  const pointsFor = (code: string) => rules[code].points ?? rng.int(rules[code].minPoints!, rules[code].maxPoints!);
  const round = async (title: string, start: string, end: string, post: boolean) => {
    const { id } = unwrap(await villageAdmin.POST('/v1/scoring-rounds', { body: { panelId, title, periodStart: start, periodEnd: end } }));
    for (let i = 0; i < 30; i++) {
      const code = rng.pick(RULES).code;
      const item = unwrap(
        await villageAdmin.POST('/v1/scoring-rounds/{id}/items', {
          params: { path: { id } },
          body: { householdId: rng.pick(households), ruleId: rules[code].id, proposedPoints: pointsFor(code), note: '评定小组入户查看' },
        }),
      );
      for (const member of panel) {
        unwrap(await member.POST('/v1/scoring-rounds/{id}/items/{itemId}/ratings', { params: { path: { id, itemId: item.id } }, body: { approve: true, points: item.proposedPoints } }));
      }
    }
    unwrap(await villageAdmin.POST('/v1/scoring-rounds/{id}/publish', { params: { path: { id } } }));
    if (post) await villageAdmin.postRound(id);
  };
  await round('2026年9月评议', '2026-09-01', '2026-09-30', true);
  await round('2026年10月评议', '2026-10-01', '2026-10-31', true);
  unwrap(await villageAdmin.PATCH('/v1/villages/{id}', { params: { path: { id: village.id } }, body: { settings: { noticePeriodDays: 3 } } }));
  await round('2026年11月评议', '2026-11-01', '2026-11-30', false);

  const goods: string[] = [];
  for (const g of GOODS) {
    const { id } = unwrap(await villageAdmin.POST('/v1/catalogue-items', { body: { villageId: village.id, sku: g.sku, name: g.name, category: g.category, pointsPrice: g.pointsPrice, lowStockThreshold: 10 } }));
    const movement = g.donor ? { quantity: g.stock, reason: 'donation' as const, donor: g.donor } : { quantity: g.stock, reason: 'purchase' as const };
    unwrap(await villageAdmin.POST('/v1/catalogue-items/{id}/stock-movements', { params: { path: { id } }, body: movement }));
    goods.push(id);
  }
  let sales = 0;
  for (const householdId of households) {
    if (sales >= 25) break;
    const { balance } = unwrap(await villageAdmin.GET('/v1/households/{id}/balance', { params: { path: { id: householdId } } }));
    if (balance < 10) continue;
    const cheap = GOODS.map((g, i) => ({ ...g, id: goods[i] })).filter((g) => g.pointsPrice <= balance);
    const good = rng.pick(cheap);
    await clerk.redeem({ villageId: village.id, householdId, lines: [{ itemId: good.id, quantity: 1 }] });
    sales++;
  }
  return { villageId: village.id, townshipId: township.id };
}
