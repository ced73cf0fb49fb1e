import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../src/core/identity/actor';
import { inRetryingTransaction } from '../../../src/core/idempotency/retrying';
import { DemoRandom, idNumber } from '../../../src/demo/names';
import { LedgerPort } from '../../../src/ledger/ledger.port';
import { Headers, UserFixture, givenAdmin, givenUser } from '../auth';
import { uniqueCode } from '../factories';
import type { TestApp } from '../test-app';
import type { IdPools } from './requests';

export interface FuzzVillage {
  villageId: string;
  pools: IdPools;
  /** Staff of this village (and a resident of its first household). */
  callers: Record<'village_admin' | 'clerk' | 'auditor' | 'panel_member' | 'resident', UserFixture>;
  /** Residents' personal data in clear, for scanning responses. */
  secrets: { idNumbers: string[]; phones: string[] };
  households: { id: string; accountId: string; cardNo: string }[];
}

let serial = 0;

async function ok(res: { status: number; body: unknown }, what: string, status = 201): Promise<any> {
  if (res.status !== status) throw new Error(`fuzz village: ${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A small but complete village, built through the API: staff of every role, households with
 * residents (ID numbers, phones) and points, rules, a panel, an open round and one under
 * notice with an objection, goods with stock, a sale, a ledger adjustment and an API key.
 * Its ids fill the fuzzer's pools, so generated requests reach real rows.
 */
export async function givenFuzzVillage(t: TestApp, options: { households?: number } = {}): Promise<FuzzVillage> {
  const admin = await givenAdmin(t);
  const rng = new DemoRandom(1000 + ++serial);
  const village = await ok(await t.http.post('/v1/villages').set(admin).send({ code: uniqueCode('FZ'), name: '模糊测试村', settings: { noticePeriodDays: 3, quorum: 1 } }), 'village');
  const villageId: string = village.id;
  const post = (path: string, body: object, headers: Headers = admin) => t.http.post(path).set(headers).send(body);

  const households: FuzzVillage['households'] = [];
  const residents: string[] = [];
  const idNumbers: string[] = [];
  const phones: string[] = [];
  for (let i = 0; i < (options.households ?? 3); i++) {
    const h = await ok(await post('/v1/households', { villageId, code: uniqueCode('H'), cardNo: uniqueCode('CARD'), address: '一组1号' }), 'household');
    households.push({ id: h.id, accountId: h.accountId, cardNo: h.cardNo });
    const birth = `19${rng.int(50, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    const id = idNumber(rng, birth, i % 2 === 1, serial * 10 + i);
    const phone = `139${String(rng.int(10_000_000, 99_999_999))}`;
    const r = await ok(await post('/v1/residents', { villageId, householdId: h.id, name: '张小明', idNumber: id, phone, isHead: true }), 'resident');
    residents.push(r.id);
    idNumbers.push(id);
    phones.push(phone);
  }
  // Points: an award into each household from the issuance account.
  const ledger = t.app.get(LedgerPort);
  const system = await ledger.systemAccountIds(t.dataSource.manager, villageId);
  const transactions: string[] = [];
  for (const h of households) {
    const tx = await inRetryingTransaction(t.dataSource, (m) =>
      ledger.post(m, { villageId, kind: 'award', memo: 'fuzz fixture', entries: [{ accountId: system.issuance, amount: -1000 }, { accountId: h.accountId, amount: 1000 }], createdBy: SYSTEM_ACTOR }),
    );
    transactions.push((tx as { id: string }).id);
  }

  const [villageAdmin, clerk, auditor, panelMember, resident, spare1, spare2] = await Promise.all([
    givenUser(t, [{ role: 'village_admin', villageId }]),
    givenUser(t, [{ role: 'clerk', villageId }]),
    givenUser(t, [{ role: 'auditor', villageId }]),
    givenUser(t, [{ role: 'panel_member', villageId }]),
    givenUser(t, [{ role: 'resident', villageId, householdId: households[0].id }]),
    givenUser(t, [{ role: 'clerk', villageId }]),
    givenUser(t, [{ role: 'auditor', villageId }]),
  ]);

  const rules = [
    await ok(await post('/v1/rules', { villageId, code: uniqueCode('R'), category: '环境卫生', title: '庭院整洁', points: 5 }), 'rule'),
    await ok(await post('/v1/rules', { villageId, code: uniqueCode('R'), category: '遵纪守法', title: '违反村规民约', minPoints: -10, maxPoints: -1 }), 'rule'),
  ].map((r) => r.id as string);
  const panel = await ok(await post('/v1/panels', { villageId, name: '评定小组', members: [{ userId: panelMember.id, seat: 'cadre' }], quorum: 1 }), 'panel');

  const rounds: string[] = [];
  const roundItems: [string, string][] = [];
  for (const title of ['开放评议', '公示评议']) {
    const round = await ok(await post('/v1/scoring-rounds', { panelId: panel.id, title, periodStart: '2026-11-01', periodEnd: '2026-11-30' }), 'round');
    rounds.push(round.id);
    const item = await ok(await post(`/v1/scoring-rounds/${round.id}/items`, { householdId: households[0].id, ruleId: rules[0], proposedPoints: 5 }), 'round item');
    roundItems.push([round.id, item.id]);
    await ok(await post(`/v1/scoring-rounds/${round.id}/items/${item.id}/ratings`, { approve: true, points: 5 }, panelMember.headers), 'rating');
  }
  await ok(await post(`/v1/scoring-rounds/${rounds[1]}/publish`, {}), 'publish', 200);
  const [noticeRound, noticeItem] = roundItems[1];
  const objection = await ok(await post(`/v1/scoring-rounds/${noticeRound}/items/${noticeItem}/objections`, { text: '评分偏高', residentId: residents[residents.length - 1] }), 'objection');

  const item = await ok(await post('/v1/catalogue-items', { villageId, sku: uniqueCode('SKU'), name: '大米 5kg', pointsPrice: 50 }), 'catalogue item');
  await ok(await post(`/v1/catalogue-items/${item.id}/stock-movements`, { quantity: 100, reason: 'purchase' }), 'stock');
  const sale = await ok(
    await t.http.post('/v1/redemptions').set(clerk.headers).set('idempotency-key', randomUUID()).send({ villageId, householdId: households[households.length - 1].id, lines: [{ itemId: item.id, quantity: 1 }] }),
    'redemption',
  );
  const apiKey = await ok(await post('/v1/api-keys', { name: '公开屏', roles: [{ role: 'auditor', villageId }] }), 'api key');
  const accounts = await ok(await t.http.get('/v1/accounts').query({ villageId }).set(admin), 'accounts', 200);

  return {
    villageId,
    households,
    callers: { village_admin: villageAdmin, clerk, auditor, panel_member: panelMember, resident },
    secrets: { idNumbers, phones },
    pools: {
      villages: [villageId],
      households: households.map((h) => h.id),
      residents,
      accounts: accounts.items.map((a: { id: string }) => a.id),
      rules,
      panels: [panel.id],
      rounds,
      roundItems,
      items: [item.id],
      redemptions: [sale.id],
      transactions: [...transactions, sale.transactionId],
      users: [spare1.id, spare2.id],
      apiKeys: [apiKey.id],
      objections: [objection.id],
      cardNos: households.map((h) => h.cardNo),
      idNumbers,
      phones,
    },
  };
}
