import { randomBytes } from 'node:crypto';
import { givenAdmin } from './auth';
import type { TestApp } from './test-app';

export interface VillageFixture {
  id: string;
  code: string;
  name: string;
  settings: { noticePeriodDays: number; quorum: number; timezone: string };
}

let sequence = 0;
export const uniqueCode = (prefix: string): string => `${prefix}${++sequence}${randomBytes(3).toString('hex')}`;

/** A village created through the API, with defaults a test can override. */
export async function givenVillage(t: TestApp, overrides: Record<string, unknown> = {}): Promise<VillageFixture> {
  const res = await t.http
    .post('/v1/villages')
    .set(await givenAdmin(t))
    .send({ code: uniqueCode('V'), name: '测试村', ...overrides })
    .expect(201);
  return res.body as VillageFixture;
}

// ---- scoring (issue 6): households with a head, rules, panels ----

import { givenUser as givenPanelUser } from './auth';

export interface ScoringHousehold {
  id: string;
  code: string;
  accountId: string;
}

/** A household created through the API by the admin, with an active head resident when `head` is given. */
export async function givenVillageHousehold(t: TestApp, villageId: string, options: { head?: string } = {}): Promise<ScoringHousehold> {
  const admin = await givenAdmin(t);
  const res = await t.http.post('/v1/households').set(admin).send({ villageId, code: uniqueCode('H') }).expect(201);
  if (options.head) {
    await t.http.post('/v1/residents').set(admin).send({ villageId, householdId: res.body.id, name: options.head, isHead: true }).expect(201);
  }
  return { id: res.body.id, code: res.body.code, accountId: res.body.accountId };
}

/** A rule of the village's rule book; a 1..10 points range unless `points` is given. */
export async function givenRule(t: TestApp, villageId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const range = overrides.points === undefined ? { minPoints: 1, maxPoints: 10 } : {};
  const body = { villageId, code: uniqueCode('R'), category: '环境卫生', title: '庭院整洁', ...range, ...overrides };
  const res = await t.http.post('/v1/rules').set(await givenAdmin(t)).send(body);
  if (res.status !== 201) throw new Error(`could not create rule: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, code: res.body.code };
}

export interface PanelFixture {
  id: string;
  members: { id: string; headers: Record<string, string> }[];
}

/** A panel of `size` fresh panel_member users of the village. */
export async function givenPanel(t: TestApp, villageId: string, options: { size?: number; quorum?: number; decision?: 'majority' | 'unanimous' } = {}): Promise<PanelFixture> {
  const size = options.size ?? 3;
  const members = [];
  for (let i = 0; i < size; i++) members.push(await givenPanelUser(t, [{ role: 'panel_member', villageId }]));
  const seats = ['cadre', 'party_member', 'resident_rep'];
  const res = await t.http
    .post('/v1/panels')
    .set(await givenAdmin(t))
    .send({
      villageId,
      name: uniqueCode('评定小组'),
      members: members.map((m, i) => ({ userId: m.id, seat: seats[i % 3] })),
      quorum: options.quorum ?? Math.min(3, size),
      decision: options.decision ?? 'majority',
    });
  if (res.status !== 201) throw new Error(`could not create panel: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, members: members.map((m) => ({ id: m.id, headers: m.headers })) };
}

export interface HouseholdFixture {
  id: string;
  villageId: string;
  code: string;
  cardNo: string | null;
  accountId: string;
  version: number;
}

/** A household (with its points account) created through the API by the admin. */
export async function givenHousehold(t: TestApp, villageId: string, overrides: Record<string, unknown> = {}): Promise<HouseholdFixture> {
  const res = await t.http
    .post('/v1/households')
    .set(await givenAdmin(t))
    .send({ villageId, code: uniqueCode('H'), cardNo: uniqueCode('C'), ...overrides });
  if (res.status !== 201) throw new Error(`could not create household: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as HouseholdFixture;
}

export interface ResidentFixture {
  id: string;
  villageId: string;
  householdId: string;
  name: string;
  isHead: boolean;
}

/** A resident of a household, created through the API by the admin. */
export async function givenResident(t: TestApp, household: { id: string; villageId: string }, overrides: Record<string, unknown> = {}): Promise<ResidentFixture> {
  const res = await t.http
    .post('/v1/residents')
    .set(await givenAdmin(t))
    .send({ villageId: household.villageId, householdId: household.id, name: '张三', ...overrides });
  if (res.status !== 201) throw new Error(`could not create resident: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ResidentFixture;
}
