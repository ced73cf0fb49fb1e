/**
 * What operations see (issue 16, item 8): an unexpected error is logged with the shape of
 * the statement that failed, never its parameter values (names, search text); /metrics
 * answers only the configured scraper when METRICS_TOKEN is set.
 */
import { Controller, Get, Module, Query } from '@nestjs/common';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Public } from '../src/core/identity/decorators';
import { createLogger } from '../src/core/logger/logger';
import { Resident } from '../src/residents/entities/resident.entity';
import { givenHousehold, givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

/** Two bugs as they could happen: a search whose parameter the column cannot take, and an insert that breaks a unique index. */
@Public()
@Controller('test-only')
class FailingQueriesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('search')
  async search(@Query('q') q: string): Promise<unknown> {
    return this.dataSource.getRepository(Resident).createQueryBuilder('r').where('r.name = :name OR r.id = :id', { name: q, id: q }).getMany();
  }

  @Get('insert')
  async insert(@Query('villageId') villageId: string, @Query('code') code: string): Promise<unknown> {
    return this.dataSource.query(`INSERT INTO households (village_id, code) VALUES ($1, $2)`, [villageId, code]);
  }
}
@Module({ controllers: [FailingQueriesController] })
class FailingQueriesModule {}

describe('what operations see', () => {
  describe('logs of unexpected errors', () => {
    let t: TestApp;
    const lines: string[] = [];

    beforeAll(async () => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      });
      t = await startTestApp({ extraModules: [FailingQueriesModule], logger: createLogger('debug', sink) });
    });
    afterAll(() => t.close());

    it('hold the failed statement and its SQLSTATE, never the values it was given', async () => {
      const secretName = '张秘密';
      const search = await t.http.get('/test-only/search').query({ q: `${secretName}-查找` });
      expect([search.status, search.body.code]).toEqual([500, 'internal']);

      const village = await givenVillage(t);
      const household = await givenHousehold(t, village.id);
      const insert = await t.http.get('/test-only/insert').query({ villageId: village.id, code: household.code });
      expect([insert.status, insert.body.code]).toEqual([500, 'internal']);

      await new Promise((resolve) => setImmediate(resolve));
      const errors = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string; err?: Record<string, unknown> }).filter((l) => l.msg === 'unexpected error');
      expect(errors.map((e) => e.requestId)).toEqual([search.body.requestId, insert.body.requestId]);
      expect(errors[0].err).toMatchObject({ type: 'QueryFailedError', code: '22P02', statement: expect.stringContaining(`WHERE "r"."name" = $1 OR "r"."id" = $2`) });
      expect(errors[1].err).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'households_village_code_key', table: 'households', statement: 'INSERT INTO households (village_id, code) VALUES ($1, $2)' });
      const everything = lines.join('\n');
      for (const value of [secretName, household.code, village.id]) expect(everything).not.toContain(value);
      expect(everything).not.toMatch(/"parameters"|"detail"/);
    });
  });

  describe('/metrics', () => {
    it('is open without METRICS_TOKEN, and with it answers only its bearer (401 otherwise)', async () => {
      const open = await startTestApp();
      try {
        await open.http.get('/metrics').expect(200);
      } finally {
        await open.close();
      }
      const token = 'scrape-me-0123456789abcdef';
      const t = await startTestApp({ config: { metricsToken: token } });
      try {
        for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, `Bearer ${token}x`]) {
          const req = t.http.get('/metrics');
          const res = await (authorization ? req.set('authorization', authorization) : req);
          expect([authorization, res.status, res.body.code, res.headers['www-authenticate']]).toEqual([authorization, 401, 'unauthenticated', 'Bearer realm="metrics"']);
        }
        const ok = await t.http.get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
        expect(ok.text).toContain('http_request_duration_seconds');
        await t.http.get('/health/live').expect(200);
      } finally {
        await t.close();
      }
    });
  });
});
