import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../src/core/identity/actor';
import { inRetryingTransaction } from '../../src/core/idempotency/retrying';
import { LedgerPort } from '../../src/ledger/ledger.port';
import type { SystemAccountKind } from '../../src/ledger/ledger.types';
import { Headers, asRole } from './auth';
import { VillageFixture, givenVillage } from './factories';
import type { TestApp } from './test-app';

export interface LedgerVillage {
  village: VillageFixture;
  system: Record<SystemAccountKind, string>;
  /** A village_admin of this village. */
  admin: Headers;
  auditor: Headers;
}

export const ledgerOf = (t: TestApp): LedgerPort => t.app.get(LedgerPort);

/** An account's balance now (0 when unknown). */
export const balanceOf = async (t: TestApp, accountId: string): Promise<number> =>
  (await ledgerOf(t).balances(t.dataSource.manager, [accountId])).get(accountId) ?? 0;

/** A village (with its system accounts, opened by village creation) and staff headers. */
export async function givenLedgerVillage(t: TestApp): Promise<LedgerVillage> {
  const village = await givenVillage(t);
  const system = await ledgerOf(t).systemAccountIds(t.dataSource.manager, village.id);
  const [admin, auditor] = await Promise.all([asRole(t, 'village_admin', village.id), asRole(t, 'auditor', village.id)]);
  return { village, system, admin, auditor };
}

/** A household account (households come with issue 5; until then opened through the service), awarded `balance` points. */
export async function givenHouseholdAccount(t: TestApp, v: LedgerVillage, balance = 0): Promise<string> {
  const ledger = ledgerOf(t);
  return inRetryingTransaction(t.dataSource, async (tx) => {
    const [id] = await ledger.openAccounts(tx, v.village.id, [{ kind: 'household', householdId: randomUUID() }]);
    if (balance > 0) await award(tx, ledger, v, id, balance);
    return id;
  });
}

export async function award(tx: Parameters<LedgerPort['post']>[0], ledger: LedgerPort, v: LedgerVillage, accountId: string, points: number, kind: 'award' | 'penalty' = 'award') {
  return ledger.post(tx, {
    villageId: v.village.id,
    kind,
    memo: `${kind} ${points}`,
    entries: [
      { accountId: v.system.issuance, amount: kind === 'award' ? -points : points },
      { accountId, amount: kind === 'award' ? points : -points },
    ],
    createdBy: SYSTEM_ACTOR,
  });
}

let keys = 0;
export const newKey = (): string => `k-${Date.now().toString(36)}-${++keys}-${randomUUID()}`;
