import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { schemaDiff } from '../src/database/schema-diff';
import { SQL_FUNCTIONS, SQL_TRIGGERS, SQL_VIEWS } from '../src/database/sql-objects';
import { generateOpenApiJson } from '../src/openapi/generate';
import { LedgerRollupOneTrigger1796500000000 } from '../src/database/migrations/1796500000000-LedgerRollupOneTrigger';
import { LedgerPostManyLateClaims1796500000001 } from '../src/database/migrations/1796500000001-LedgerPostManyLateClaims';
import { AuditSealCheckInWhen1796500000002 } from '../src/database/migrations/1796500000002-AuditSealCheckInWhen';
import { LedgerClaimResponses1796600000000 } from '../src/database/migrations/1796600000000-LedgerClaimResponses';
import { LedgerClaimResponsesOwnRows1796700000000 } from '../src/database/migrations/1796700000000-LedgerClaimResponsesOwnRows';
import {
  AUDIT_EVENT_CONTENT_COLUMNS,
  auditEventsAppendOnly,
  auditEventsAppendOnlyJsonCompare,
  auditEventsAppendOnlyJsonCompareTriggers,
  auditEventsAppendOnlyTriggers,
} from '../src/audit/sql/audit-events-append-only.function';
import { idempotencyClaimMany } from '../src/core/idempotency/sql/idempotency-claim-many.function';
import { ledgerClaimResponses, ledgerClaimResponsesFirst } from '../src/ledger/sql/ledger-claim-responses.function';
import { ledgerEntriesRollup } from '../src/ledger/sql/ledger-entries-rollup.function';
import { ledgerPostMany } from '../src/ledger/sql/ledger-post-many.function';
import { ledgerPostManyJsonLoop } from '../src/ledger/sql/ledger-post-many-json-loop.function';
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

  it('SQL functions in the database are the ones declared in code (src/<module>/sql/), argument for argument and body for body', async () => {
    const rows: { name: string; arguments: string; returns: string; language: string; volatility: string; settings: string[] | null; body: string }[] =
      await dataSource.query(
        `SELECT p.proname AS name, pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS returns,
                l.lanname AS language, CASE p.provolatile WHEN 'v' THEN 'VOLATILE' WHEN 's' THEN 'STABLE' ELSE 'IMMUTABLE' END AS volatility,
                p.proconfig AS settings, p.prosrc AS body
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
          WHERE n.nspname = 'public'
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
          ORDER BY p.proname`,
      );
    const inDatabase = rows.map((r) => ({ ...r, settings: [...(r.settings ?? [])].sort() }));
    const declared = [...SQL_FUNCTIONS]
      .map((f) => ({ name: f.name, arguments: f.arguments, returns: f.returns, language: f.language, volatility: f.volatility, settings: [...f.settings].sort(), body: f.body }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    // On failure: declare the function (or its change) in code and create it from there in a migration.
    expect(inDatabase).toEqual(declared);
  });

  it('the newest migrations go down to the objects they replaced and up again to the declared ones', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const bodyOf = async (name: string) => (await runner.query(`SELECT prosrc FROM pg_proc WHERE proname = $1`, [name]))[0]?.prosrc;
    const entryTriggers = async () =>
      (await runner.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'ledger_entries'::regclass AND NOT tgisinternal ORDER BY 1`)).map((r: { tgname: string }) => r.tgname);
    const auditTriggers = async () =>
      (await runner.query(`SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname`)).map(
        (r: { definition: string }) => r.definition,
      );
    const noTruncate = auditEventsAppendOnlyTriggers.find((t) => t.name === 'audit_events_no_truncate')!.definition;
    const newest = [
      new LedgerRollupOneTrigger1796500000000(),
      new LedgerPostManyLateClaims1796500000001(),
      new AuditSealCheckInWhen1796500000002(),
      new LedgerClaimResponses1796600000000(),
      new LedgerClaimResponsesOwnRows1796700000000(),
    ];
    try {
      await runner.startTransaction();
      const declared = await entryTriggers();
      await newest[newest.length - 1].down(runner);
      expect(await bodyOf('ledger_claim_responses')).toBe(ledgerClaimResponsesFirst.body);
      for (const m of newest.slice(0, -1).reverse()) await m.down(runner);
      expect(await bodyOf('ledger_post_many')).toBe(ledgerPostManyJsonLoop.body);
      expect(await bodyOf('ledger_entries_rollup')).toBeUndefined();
      expect(await bodyOf('idempotency_claim_many')).toBeUndefined();
      expect(await bodyOf('ledger_claim_responses')).toBeUndefined();
      expect(await bodyOf('audit_events_append_only')).toBe(auditEventsAppendOnlyJsonCompare.body);
      expect(await auditTriggers()).toEqual([noTruncate, ...auditEventsAppendOnlyJsonCompareTriggers.map((t) => t.definition)]);
      expect(await entryTriggers()).toEqual(
        expect.arrayContaining(['household_award_days_add', 'household_points_daily_add', 'village_points_add', 'ledger_entries_balanced']),
      );
      for (const m of newest) await m.up(runner);
      expect(await bodyOf('ledger_post_many')).toBe(ledgerPostMany.body);
      expect(await bodyOf('ledger_entries_rollup')).toBe(ledgerEntriesRollup.body);
      expect(await bodyOf('idempotency_claim_many')).toBe(idempotencyClaimMany.body);
      expect(await bodyOf('ledger_claim_responses')).toBe(ledgerClaimResponses.body);
      expect(await bodyOf('audit_events_append_only')).toBe(auditEventsAppendOnly.body);
      expect(await auditTriggers()).toEqual(auditEventsAppendOnlyTriggers.map((t) => t.definition).sort((a, b) => (a < b ? -1 : 1)));
      expect(await entryTriggers()).toEqual(declared);
      expect(declared).not.toContain('village_points_add');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('triggers in the database are the ones declared in code, as PostgreSQL prints them', async () => {
    const rows: { name: string; table: string; definition: string }[] = await dataSource.query(
      `SELECT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid) AS definition
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND n.nspname = 'public' ORDER BY t.tgname`,
    );
    const declared = [...SQL_TRIGGERS].map((t) => ({ name: t.name, table: t.table, definition: t.definition })).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(rows).toEqual(declared);
  });

  it("a seal of an audit event is checked against every column of audit_events but the seal's own", async () => {
    const columns: { name: string }[] = await dataSource.query(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'audit_events'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    );
    const content = columns.map((c) => c.name).filter((c) => !['chain_seq', 'hash', 'sealed_at'].includes(c));
    // On failure: a column was added to audit_events; add it to AUDIT_EVENT_CONTENT_COLUMNS and
    // create the triggers anew in a migration (the trigger drift test above then holds them to it).
    expect(AUDIT_EVENT_CONTENT_COLUMNS.map((c) => c.name)).toEqual(content);
  });

  it('views in the database are the ones declared in code, query for query', async () => {
    const rows: { name: string; query: string }[] = await dataSource.query(
      `SELECT viewname AS name, pg_get_viewdef(viewname::regclass) AS query FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`,
    );
    // The declared query, as PostgreSQL prints it back (parsed in this database, never stored).
    const declared: { name: string; query: string }[] = [];
    for (const view of [...SQL_VIEWS].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      await dataSource.query(`CREATE TEMPORARY VIEW drift_probe AS ${view.query}`);
      const [probe]: { query: string }[] = await dataSource.query(`SELECT pg_get_viewdef('drift_probe'::regclass) AS query`);
      await dataSource.query(`DROP VIEW drift_probe`);
      declared.push({ name: view.name, query: probe.query });
    }
    expect(rows).toEqual(declared);
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
