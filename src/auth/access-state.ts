import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../database/database.module';
import { AuthRepository } from './auth.repository';
import { RoleGrant } from './roles';

/** What the guard needs to know about a user on every request. */
export interface UserAccess {
  id: string;
  username: string;
  active: boolean;
  /** A one-time password not yet changed: only the routes that change it are open. */
  mustChangePassword: boolean;
  grants: RoleGrant[];
}

interface SessionRecord {
  userId: string;
  revoked: boolean;
}

/** The channel the database triggers announce changes on (migration Sessions). */
export const ACCESS_CHANNEL = 'jifen_access';
const MAX_ENTRIES = 10_000;
/** A safety net only: entries are dropped by notification, this bounds a missed one. */
const MAX_AGE_MS = 60_000;
const RELISTEN_MS = 1_000;

/**
 * A bounded map of loaded values. A value is stored as its pending promise at once (so
 * concurrent requests share one load) and replaced by the value when it arrives, unless the
 * entry was dropped meanwhile (an invalidation raced the load: the next request loads again).
 */
class LoadedCache<T> {
  private readonly entries = new Map<string, { value: T | Promise<T>; at: number }>();

  get(key: string, load: () => Promise<T>, keep: boolean): T | Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < MAX_AGE_MS) return hit.value;
    const pending = load();
    if (!keep) return pending;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    const entry = { value: pending as T | Promise<T>, at: now };
    this.entries.set(key, entry);
    pending.then(
      (value) => {
        if (this.entries.get(key) === entry) entry.value = value;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return pending;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Whether a user may still act (active, current roles) and whether a session is still open,
 * for the guard's hot path. Both are cached in the process and dropped when the database
 * announces a change: triggers on users, role_grants and auth_sessions NOTIFY on
 * `jifen_access` at commit, and every API process LISTENs on its own connection. So a
 * disabled user, a changed role or a revoked session takes effect at the next request in the
 * process that made the change (it drops its entries itself, see forget) and in the others as
 * soon as the notification reaches them, milliseconds after the commit (measured here: within
 * a few ms, and about one time in ten a request sent to another process right after the
 * change's answer still beat it), while an unchanged user costs no query. Without a working LISTEN
 * connection (database restarting, connection cut) nothing is cached: each request reads the
 * database until the listener is back, and the cache starts empty again then, since
 * notifications sent meanwhile were missed.
 */
@Injectable()
export class AccessState implements OnModuleInit, OnApplicationShutdown {
  private readonly users = new LoadedCache<UserAccess | null>();
  private readonly sessions = new LoadedCache<SessionRecord | null>();
  private listener: Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuthRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.dataSource.isInitialized) void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    await listener?.end().catch(() => undefined);
  }

  /** The user's current access when both the user and the session may still act; else null. Ids are UUIDs (AccessTokens checks). */
  async check(userId: string, sessionId: string): Promise<UserAccess | null> {
    const session = await this.sessions.get(sessionId, () => this.loadSession(sessionId), this.listening);
    if (!session || session.revoked || session.userId !== userId) return null;
    const user = await this.users.get(userId, () => this.loadUser(userId), this.listening);
    return user && user.active ? user : null;
  }

  /**
   * Drops what changed from this process's cache at once, for the process that made the
   * change (call it after the commit): its next request meets the change even before the
   * notification comes back. Other processes drop it when their notification arrives,
   * normally within a millisecond of the commit.
   */
  forget(change: { users?: string[]; sessions?: string[]; allUsers?: boolean }): void {
    if (change.allUsers) this.users.clear();
    for (const id of change.users ?? []) this.users.delete(id);
    for (const id of change.sessions ?? []) this.sessions.delete(id);
  }

  private async loadSession(id: string): Promise<SessionRecord | null> {
    const row = await this.repo.sessionState(this.dataSource.manager, id);
    return row ? { userId: row.user_id, revoked: row.revoked } : null;
  }

  private async loadUser(id: string): Promise<UserAccess | null> {
    const row = await this.repo.userAccess(this.dataSource.manager, id);
    return row ? { id, username: row.username, active: row.status === 'active', mustChangePassword: row.must_change_password, grants: row.grants } : null;
  }

  private apply(payload: string | undefined): void {
    if (!payload) return;
    const id = payload.slice(2);
    // 'u:*': a village joined or left a township, which changes what township grants reach.
    if (payload === 'u:*') this.users.clear();
    else if (payload.startsWith('u:')) this.users.delete(id);
    else if (payload.startsWith('s:')) this.sessions.delete(id);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: 'jifen-access', keepAlive: true, connectionTimeoutMillis: 2_000 });
    client.on('notification', (message) => this.apply(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!this.warned) this.logger.warn({ err: error }, 'access-state listener could not connect; reading the database on every request until it does');
      this.warned = true;
      this.schedule();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever was cached before this point may have missed a notification.
    this.users.clear();
    this.sessions.clear();
    this.listener = client;
    this.listening = true;
    if (this.warned) this.logger.info('access-state listener is back');
    this.warned = false;
  }

  private lost(client: Client, error?: Error): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.listening = false;
    this.users.clear();
    this.sessions.clear();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ err: error }, 'access-state listener lost; reading the database on every request until it is back');
    this.warned = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), RELISTEN_MS);
    this.retry.unref();
  }
}
