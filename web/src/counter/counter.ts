import { type JifenClient, type components, isJifenError, newIdempotencyKey, unwrap } from '@jifen/sdk';
import { computed, reactive, ref } from 'vue';
import { messageOf } from '../api';

type Schemas = components['schemas'];
export type Item = Schemas['CatalogueItemDto'];
export type Sale = Schemas['RedemptionDto'];
export interface Customer {
  id: string;
  code: string;
  cardNo: string;
  headName: string;
  balance: number;
}
export interface BasketLine {
  item: Item;
  quantity: number;
}

/** Local midnight, as the API's `from` (today's sales of this counter's day). */
const startOfToday = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

/** The counter's state and actions: the customer, the goods, the basket, the sale, today's sales. */
export function useCounter(client: JifenClient, villageId: () => string) {
  const customer = ref<Customer | null>(null);
  const items = ref<Item[]>([]);
  const basket = reactive<BasketLine[]>([]);
  const receipt = ref('');
  const lastSale = ref<Sale | null>(null);
  const today = ref<Sale[]>([]);
  const error = ref('');
  const busy = ref(false);
  /**
   * The key of the sale on the counter: kept until it succeeds or the basket changes, so that
   * pressing 结算 again after the SDK's own retries gave up replays the sale, never doubles it.
   */
  let saleKey = newIdempotencyKey();
  const total = computed(() => basket.reduce((sum, line) => sum + line.quantity * line.item.pointsPrice, 0));

  async function run(action: () => Promise<void>): Promise<void> {
    error.value = '';
    busy.value = true;
    try {
      await action();
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      busy.value = false;
    }
  }

  const lookup = (cardNo: string) =>
    run(async () => {
      const card = cardNo.trim();
      if (!card) return;
      try {
        const found = unwrap(await client.GET('/v1/households/lookup', { params: { query: { villageId: villageId(), cardNo: card } } }));
        const head = found.members.find((m) => m.isHead) ?? found.members[0];
        customer.value = { id: found.household.id, code: found.household.code, cardNo: card, headName: head?.name ?? '—', balance: found.balance };
        receipt.value = '';
        lastSale.value = null;
      } catch (e) {
        customer.value = null;
        if (isJifenError(e, 'not_found', 'validation_failed')) throw new Error(`没有卡号为 ${card} 的住户`);
        throw e;
      }
    });

  async function fetchItems(): Promise<void> {
    const all: Item[] = [];
    for await (const item of client.paginate('/v1/catalogue-items', { params: { query: { villageId: villageId(), active: 'true', limit: 100 } } })) all.push(item);
    items.value = all;
  }

  async function fetchToday(): Promise<void> {
    const page = unwrap(await client.GET('/v1/redemptions', { params: { query: { villageId: villageId(), from: startOfToday(), limit: 50 } } }));
    today.value = page.items;
  }

  const load = () => run(() => Promise.all([fetchItems(), fetchToday()]).then(() => undefined));

  function add(item: Item): void {
    const line = basket.find((l) => l.item.id === item.id);
    if (line) line.quantity += 1;
    else basket.push({ item, quantity: 1 });
    saleKey = newIdempotencyKey();
  }

  function setQuantity(itemId: string, quantity: number): void {
    const index = basket.findIndex((l) => l.item.id === itemId);
    if (index < 0) return;
    if (quantity <= 0) basket.splice(index, 1);
    else basket[index].quantity = quantity;
    saleKey = newIdempotencyKey();
  }

  const checkout = () =>
    run(async () => {
      const who = customer.value;
      if (!who || !basket.length) return;
      try {
        const sale = await client.redeem(
          { villageId: villageId(), householdId: who.id, lines: basket.map((l) => ({ itemId: l.item.id, quantity: l.quantity })) },
          { idempotencyKey: saleKey },
        );
        saleKey = newIdempotencyKey();
        who.balance = sale.balanceAfter;
        lastSale.value = sale;
        basket.splice(0, basket.length);
        receipt.value = await client.receipt(sale.id);
      } catch (e) {
        // The answer names the balance now: show it, it may have changed since the look-up.
        if (isJifenError(e, 'insufficient_points')) who.balance = e.balance;
        throw e;
      }
      await Promise.all([fetchToday(), fetchItems()]);
    });

  const cancel = (sale: Sale, reason: string) =>
    run(async () => {
      await client.cancelRedemption(sale.id, { reason: reason.trim() });
      const who = customer.value;
      if (who && who.id === sale.householdId) {
        who.balance = unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: who.id } } })).balance;
      }
      await Promise.all([fetchToday(), fetchItems()]);
    });

  function nextCustomer(): void {
    customer.value = null;
    receipt.value = '';
    lastSale.value = null;
    basket.splice(0, basket.length);
    saleKey = newIdempotencyKey();
  }

  return { customer, items, basket, total, receipt, lastSale, today, error, busy, lookup, load, add, setQuantity, checkout, cancel, nextCustomer };
}

export type Counter = ReturnType<typeof useCounter>;
