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
