import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { schemaDiff } from '../src/database/schema-diff';
import { generateOpenApiJson } from '../src/openapi/generate';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

describe('drift between code and committed artefacts', () => {
  let url: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    url = await createSuiteDatabase();
    dataSource = createDataSource({ url });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (url) await dropDatabase(url);
  });

  it('entities and migrations agree (migration:generate would write nothing)', async () => {
    const diff = await schemaDiff(dataSource);
    expect(diff.up).toEqual([]);
  });

  it('ledger_post keeps its planner settings: one generic plan of primary-key probes (a CREATE OR REPLACE of it drops them)', async () => {
    const rows: { settings: string[] | null }[] = await dataSource.query(`SELECT proconfig AS settings FROM pg_proc WHERE proname = 'ledger_post'`);
    expect(rows).toHaveLength(1);
    expect([...(rows[0].settings ?? [])].sort()).toEqual(['enable_hashjoin=off', 'enable_mergejoin=off', 'enable_seqscan=off', 'plan_cache_mode=force_generic_plan']);
  });

  it('openapi/openapi.json is what `npm run openapi` generates', async () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8');
    const generated = await generateOpenApiJson();
    // On failure: run `npm run openapi` and commit the file.
    expect(committed).toBe(generated);
  });

  it('documents both security schemes and unique operation ids', () => {
    const doc = JSON.parse(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8'));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(5);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
