import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { LOGGER } from '../database/database.module';
import { GENESIS_HASH, eventHash } from './audit-chain';
import { AuditRepository } from './audit.repository';

const SEAL_INTERVAL_MS = 200;
const SEAL_BATCH = 2_000;
const SEALER_LOCK = 7_311_947_003;

/**
 * Chains audit events after they commit. Writers only INSERT (no lock, no read of the
 * previous hash), so auditing never serialises the writes of a village; the sealer, one
 * at a time across all API processes (advisory lock), gives each committed event the next
 * position in its village's chain and the hash over it and the previous hash. An event
 * whose transaction commits late simply gets a later position. The cost: an event is
 * unsealed for up to ~200 ms, and verification covers sealed events (verify seals first).
 */
@Injectable()
export class AuditSealer implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private queued: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.isInitialized) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.sealPending().catch((error) => this.logger.warn({ err: error }, 'audit sealing failed; will retry'));
    }, SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Seals every event committed before the call; resolves with how many the run that covers
   * them sealed. A run already under way may have read the unsealed events before the
   * caller's committed, so the caller gets one more run after it (callers arriving meanwhile
   * share that one): otherwise verify could look at a chain that does not yet hold an event
   * the caller just wrote, and an event edited in that gap would be sealed as if untouched.
   */
  sealPending(): Promise<number> {
    if (!this.running) return this.startRun();
    this.queued ??= this.running
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.startRun();
      });
    return this.queued;
  }

  private startRun(): Promise<number> {
    const run: Promise<number> = this.sealAll().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch();
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  private sealBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repo.tryLock(tx, SEALER_LOCK))) return 0;
      const rows = await this.repo.unsealed(tx, SEAL_BATCH);
      if (!rows.length) return 0;
      const heads = new Map<string, { seq: bigint; hash: string }>();
      const ids: string[] = [];
      const seqs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        let head = heads.get(row.chain_id);
        if (!head) {
          const last = await this.repo.chainHead(tx, row.chain_id);
          head = last ? { seq: BigInt(last.seq), hash: last.hash } : { seq: 0n, hash: GENESIS_HASH };
        }
        const seq = (head.seq + 1n).toString();
        const hash = eventHash(head.hash, seq, row);
        heads.set(row.chain_id, { seq: head.seq + 1n, hash });
        ids.push(row.id);
        seqs.push(seq);
        hashes.push(hash);
      }
      await this.repo.seal(tx, ids, seqs, hashes);
      return rows.length;
    });
  }
}
