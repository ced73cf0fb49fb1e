import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { schemaDiff } from '../src/database/schema-diff';
import { generateOpenApiJson } from '../src/openapi/generate';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

describe('drift between code and committed artefacts', () => {
  it('entities and migrations agree (migration:generate would write nothing)', async () => {
    const url = await createSuiteDatabase();
    const dataSource: DataSource = createDataSource({ url });
    await dataSource.initialize();
    try {
      const diff = await schemaDiff(dataSource);
      expect(diff.up).toEqual([]);
    } finally {
      await dataSource.destroy();
      await dropDatabase(url);
    }
  });

  it('openapi/openapi.json is what `npm run openapi` generates', async () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8');
    const generated = await generateOpenApiJson();
    // On failure: run `npm run openapi` and commit the file.
    expect(committed).toBe(generated);
  });

  it('documents the problem+json error on every operation and both security schemes', () => {
    const doc = JSON.parse(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8'));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) {
      expect(op.responses.default).toEqual({
        description: 'Error (application/problem+json)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      });
    }
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
