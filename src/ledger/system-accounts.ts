import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerRepository } from './ledger.repository';
import { SYSTEM_ACCOUNT_KINDS, SystemAccountKind } from './ledger.types';

/** Villages whose system account ids are kept; past this the oldest is dropped (and read again when needed). */
const MAX_VILLAGES = 10_000;

/**
 * The system accounts (issuance, redemptions, ...) of each village, by kind, read once per
 * process. They are opened with their village, in its transaction, and an account's kind
 * and village never change, so a complete set, once read, stays true; an incomplete one
 * (a village not committed yet) is not kept. Group commit needs them on every posting to
 * tell the accounts a posting locks (households) from those it only adds to (system
 * accounts, striped), without a query per request.
 */
@Injectable()
export class SystemAccounts {
  private readonly byVillage = new Map<string, Promise<Record<SystemAccountKind, string>>>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: LedgerRepository,
  ) {}

  /** The village's system account ids by kind (a kind missing: the village has no such account, or does not exist). */
  of(villageId: string): Promise<Record<SystemAccountKind, string>> {
    const known = this.byVillage.get(villageId);
    if (known) return known;
    const loading = this.load(villageId);
    this.byVillage.set(villageId, loading);
    loading.then(
      (accounts) => {
        if (SYSTEM_ACCOUNT_KINDS.some((kind) => !accounts[kind])) this.byVillage.delete(villageId);
        else for (const id of Object.values(accounts)) this.ids.add(id);
      },
      () => this.byVillage.delete(villageId),
    );
    if (this.byVillage.size > MAX_VILLAGES) this.evictOldest();
    return loading;
  }

  /** Whether an account is known to be a system account (false also for one of a village not read yet). */
  isSystem(accountId: string): boolean {
    return this.ids.has(accountId);
  }

  /** Drops the village read longest ago, with its ids: the cache stays bounded in both maps. */
  private evictOldest(): void {
    const [villageId, accounts] = this.byVillage.entries().next().value as [string, Promise<Record<SystemAccountKind, string>>];
    this.byVillage.delete(villageId);
    accounts.then(
      (ids) => {
        for (const id of Object.values(ids)) this.ids.delete(id);
      },
      () => undefined,
    );
  }

  private async load(villageId: string): Promise<Record<SystemAccountKind, string>> {
    const rows = await this.repo.findSystemAccounts(this.dataSource.manager, villageId);
    return Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Record<SystemAccountKind, string>;
  }
}
