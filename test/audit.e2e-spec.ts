import { AuditSealer } from '../src/audit/audit-sealer.service';
import { Headers, givenAdmin, givenUser } from './support/auth';
import { givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('audit log: append-only, hash-chained, tamper-evident', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  /** Runs SQL as a superuser with triggers off, as an attacker with database access would. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await t.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql, params);
    });
  }

  /** `count` events (at least 2): village.created, updates, and the auditor's own user.created (user events go to the user's villages). */
  async function villageWithEvents(count: number): Promise<{ id: string; events: { id: string; seq: string }[]; auditor: Headers }> {
    const village = await givenVillage(t);
    for (let i = 0; i < count - 2; i++) {
      await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ name: `村${i}` }).expect(200);
    }
    const auditor = (await givenUser(t, [{ role: 'auditor', villageId: village.id }])).headers;
    await t.app.get(AuditSealer).sealPending();
    const res = await t.http.get('/v1/audit-events').query({ villageId: village.id }).set(auditor).expect(200);
    return { id: village.id, auditor, events: res.body.items.reverse() };
  }

  it('records who did what, with changed fields only, and seals the chain', async () => {
    const village = await givenVillage(t, { name: '旧名' });
    await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ name: '新名' }).expect(200);
    const auditor = (await givenUser(t, [{ role: 'auditor', villageId: village.id }])).headers;
    const verify = await t.http.get('/v1/audit-events/verify').query({ villageId: village.id }).set(auditor).expect(200);
    // village.created, village.updated, and the auditor's user.created (user events go to the user's villages)
    expect(verify.body).toEqual({ ok: true, checked: 3, firstBrokenId: null, problems: [] });
    const res = await t.http.get('/v1/audit-events').query({ villageId: village.id, action: 'village.updated' }).set(auditor).expect(200);
    expect(res.body.items).toHaveLength(1);
    const [event] = res.body.items;
    expect(event).toMatchObject({ action: 'village.updated', entityType: 'village', entityId: village.id, villageId: village.id, actor: { kind: 'user', name: 'root', roles: ['admin'] } });
    expect(event.before.name).toBe('旧名');
    expect(event.after.name).toBe('新名');
    expect(event.after.code).toBeUndefined();
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(event.seq).toBe('2');
    const other = await givenVillage(t);
    expect((await t.http.get('/v1/audit-events').query({ villageId: other.id }).set(auditor)).status).toBe(404);
  });

  it('pages through events newest first with filters', async () => {
    const { id, auditor } = await villageWithEvents(5);
    const page1 = await t.http.get('/v1/audit-events').query({ villageId: id, limit: 3 }).set(auditor).expect(200);
    const page2 = await t.http.get('/v1/audit-events').query({ villageId: id, limit: 3, cursor: page1.body.nextCursor }).set(auditor).expect(200);
    const ids = [...page1.body.items, ...page2.body.items].map((e: { id: string }) => Number(e.id));
    expect(ids).toHaveLength(5);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const { events } = await villageWithEvents(1);
    await expect(t.dataSource.query(`UPDATE audit_events SET action = 'x' WHERE id = $1`, [events[0].id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [events[0].id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`UPDATE audit_events SET hash = repeat('0', 64) WHERE id = $1`, [events[0].id])).rejects.toThrow(/append-only/);
  });

  it('lets a seal through only when it moves nothing but chain_seq, hash and sealed_at', async () => {
    // All in one transaction, rolled back: the app's sealer never sees the probe event, so each
    // refusal below is the guard's, not that of an event the sealer got to first.
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    /** The UPDATE's error message, or null when it went through (a refused one is rolled back to a savepoint). */
    const attempt = async (sql: string, params: unknown[]): Promise<string | null> => {
      await runner.query('SAVEPOINT probe');
      try {
        await runner.query(sql, params);
        await runner.query('RELEASE SAVEPOINT probe');
        return null;
      } catch (error) {
        await runner.query('ROLLBACK TO SAVEPOINT probe');
        return (error as Error).message;
      }
    };
    try {
      const [{ id }]: { id: string }[] = await runner.query(
        `INSERT INTO audit_events (actor_kind, actor_name, actor_roles, action, entity_type, chain_id, before, after)
         VALUES ('system', 'test', '{auditor}', 'probe', 'probe', '00000000-0000-0000-0000-00000000a0d1', NULL, '{"n": 1}') RETURNING id`,
      );
      const seal = `chain_seq = 1, hash = repeat('a', 64), sealed_at = clock_timestamp()`;
      const moves = [
        `action = 'other'`,
        `after = '{"n": 2}'`,
        // Equal as jsonb, not as the text the chain hashes.
        `after = '{"n": 1.0}'`,
        `before = '{}'`,
        `actor_roles = '{admin}'`,
        `occurred_at = occurred_at + interval '1 second'`,
        `ip = '10.0.0.1'`,
        `village_id = gen_random_uuid()`,
      ];
      for (const moved of moves) {
        expect(await attempt(`UPDATE audit_events SET ${seal}, ${moved} WHERE id = $1`, [id])).toMatch(/append-only \(UPDATE refused\)/);
      }
      // Half a seal (no sealed_at) is no seal.
      expect(await attempt(`UPDATE audit_events SET chain_seq = 1, hash = repeat('a', 64) WHERE id = $1`, [id])).toMatch(/append-only/);
      expect(await attempt(`UPDATE audit_events SET ${seal} WHERE id = $1`, [id])).toBeNull();
      const [row] = await runner.query(`SELECT chain_seq, hash, action, after FROM audit_events WHERE id = $1`, [id]);
      expect(row).toEqual({ chain_seq: '1', hash: 'a'.repeat(64), action: 'probe', after: { n: 1 } });
      // Sealed once: sealed again (even to the same values) or unsealed, it is refused.
      expect(await attempt(`UPDATE audit_events SET ${seal} WHERE id = $1`, [id])).toMatch(/append-only/);
      expect(await attempt(`UPDATE audit_events SET chain_seq = NULL, hash = NULL, sealed_at = NULL WHERE id = $1`, [id])).toMatch(/append-only/);
      expect(await attempt(`DELETE FROM audit_events WHERE id = $1`, [id])).toMatch(/append-only \(DELETE refused\)/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('names the edited event when an event is changed behind the API', async () => {
    // More than nine events: positions must be compared as numbers, not text ("10" < "2").
    const { id, events, auditor } = await villageWithEvents(12);
    const intact = await t.http.get('/v1/audit-events/verify').query({ villageId: id }).set(auditor).expect(200);
    expect(intact.body).toMatchObject({ ok: true, checked: 12 });
    await tamper(`UPDATE audit_events SET after = jsonb_set(after, '{name}', '"改过"') WHERE id = $1`, [events[10].id]);
    const res = await t.http.get('/v1/audit-events/verify').query({ villageId: id }).set(auditor).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstBrokenId).toBe(events[10].id);
  });

  it('names the event after a gap when an event is deleted', async () => {
    const { id, events, auditor } = await villageWithEvents(4);
    await tamper(`DELETE FROM audit_events WHERE id = $1`, [events[1].id]);
    const res = await t.http.get('/v1/audit-events/verify').query({ villageId: id }).set(auditor).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: events[2].id });
  });

  it('detects two events swapped in order', async () => {
    const { id, events, auditor } = await villageWithEvents(4);
    await t.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('UPDATE audit_events SET chain_seq = -1 WHERE id = $1', [events[1].id]);
      await tx.query('UPDATE audit_events SET chain_seq = $2 WHERE id = $1', [events[2].id, events[1].seq]);
      await tx.query('UPDATE audit_events SET chain_seq = $2 WHERE id = $1', [events[1].id, events[2].seq]);
    });
    const res = await t.http.get('/v1/audit-events/verify').query({ villageId: id }).set(auditor).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstBrokenId).toBe(events[2].id);
  });

  it('publishes a digest that moves with the chain, so a truncated tail can be detected', async () => {
    const { id, events, auditor } = await villageWithEvents(3);
    const digest = await t.http.get('/v1/audit-events/digest').query({ villageId: id }).set(auditor).expect(200);
    expect(digest.body).toMatchObject({ villageId: id, seq: '3', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await tamper(`DELETE FROM audit_events WHERE id = $1`, [events[2].id]);
    const after = await t.http.get('/v1/audit-events/digest').query({ villageId: id }).set(auditor).expect(200);
    // verify alone cannot see a missing tail; the published digest can.
    expect(after.body.seq).toBe('2');
    expect(after.body.hash).not.toBe(digest.body.hash);
  });

  it('keeps passwords, hashes and tokens out of every event', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ password: 'a-brand-new-password' }).expect(200);
    await t.http.post('/v1/auth/login').send({ username: user.username, password: 'wrong-password!' }).expect(401);
    const [{ text }] = await t.dataSource.query(`SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ') AS text FROM audit_events`);
    expect(text).not.toMatch(/a-brand-new-password|wrong-password|\$argon2|jfr_|jfk_|passwordHash/);
    expect(text).toContain('passwordChanged');
  });
});
