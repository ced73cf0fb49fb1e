import { randomUUID } from 'node:crypto';
import { inRetryingTransaction } from '../../src/core/idempotency/retrying';
import { Headers, asRole } from './auth';
import { uniqueCode } from './factories';
import { LedgerVillage, award, givenLedgerVillage, ledgerOf } from './ledger';
import type { TestApp } from './test-app';

export interface Shop extends LedgerVillage {
  clerk: Headers;
}

export interface HouseholdFixture {
  id: string;
  code: string;
  cardNo: string;
  accountId: string;
}

export interface ItemFixture {
  id: string;
  sku: string;
  pointsPrice: number;
}

/** A village with its system accounts, a village admin, a clerk and an auditor. */
export async function givenShop(t: TestApp): Promise<Shop> {
  const v = await givenLedgerVillage(t);
  return { ...v, clerk: await asRole(t, 'clerk', v.village.id) };
}

/** A household created through the API, awarded `balance` points. */
export async function givenHousehold(t: TestApp, shop: Shop, balance = 0): Promise<HouseholdFixture> {
  const res = await t.http
    .post('/v1/households')
    .set(shop.admin)
    .send({ villageId: shop.village.id, code: uniqueCode('H'), cardNo: `C${randomUUID().slice(0, 12)}` })
    .expect(201);
  if (balance > 0) {
    await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), shop, res.body.accountId, balance));
  }
  return { id: res.body.id, code: res.body.code, cardNo: res.body.cardNo, accountId: res.body.accountId };
}

/** A catalogue item with `stock` units bought in. */
export async function givenItem(t: TestApp, shop: Shop, options: { price?: number; stock?: number; limit?: number; name?: string } = {}): Promise<ItemFixture> {
  const res = await t.http
    .post('/v1/catalogue-items')
    .set(shop.admin)
    .send({
      villageId: shop.village.id,
      sku: uniqueCode('SKU'),
      name: options.name ?? '大米 5kg',
      category: '粮油',
      pointsPrice: options.price ?? 10,
      ...(options.limit ? { limitPerHouseholdPerMonth: options.limit } : {}),
    })
    .expect(201);
  if (options.stock) {
    await t.http.post(`/v1/catalogue-items/${res.body.id}/stock-movements`).set(shop.admin).send({ quantity: options.stock, reason: 'purchase' }).expect(201);
  }
  return { id: res.body.id, sku: res.body.sku, pointsPrice: res.body.pointsPrice };
}

let keys = 0;
export const saleKey = (): string => `sale-${++keys}-${randomUUID()}`;
