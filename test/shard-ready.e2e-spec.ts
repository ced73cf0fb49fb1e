import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * The Citus path (docs/scaling.md): a distributed table's primary key and unique indexes
 * must contain its distribution column, `village_id`. This lists, on the migrated schema,
 * every unique index of a village-owned table (one with a `village_id` column) without it,
 * and every table without `village_id` (a reference table, copied to every node), and
 * compares both with the committed allow-list. A new table or index must conform; a fixed
 * one must leave the list: it only shrinks.
 */
const ALLOW_LIST = join(__dirname, 'shard-ready.allow-list.json');

const UNIQUE_WITHOUT_VILLAGE_ID = `
  WITH owned AS (
    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'village_id' AND NOT a.attisdropped))
  SELECT format('%s.%s (%s)', o.relname, i.relname,
           (SELECT string_agg(coalesce(a.attname, 'expression'), ', ' ORDER BY k.n)
              FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
              LEFT JOIN pg_attribute a ON a.attrelid = o.oid AND a.attnum = k.attnum)) AS entry
    FROM pg_index x JOIN owned o ON o.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
   WHERE x.indisunique
     AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = o.oid AND a.attname = 'village_id' AND a.attnum = ANY (x.indkey::int2[]))
   ORDER BY 1`;

const TABLES_WITHOUT_VILLAGE_ID = `
  SELECT c.relname AS entry FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'village_id' AND NOT a.attisdropped)
   ORDER BY 1`;

interface AllowList {
  referenceTables: string[];
  uniqueWithoutVillageId: string[];
}

describe('shard-ready schema (Citus, distributed by village_id)', () => {
  let url: string;
  let db: Client;
  const allowed = JSON.parse(readFileSync(ALLOW_LIST, 'utf8')) as AllowList;

  beforeAll(async () => {
    url = await createSuiteDatabase();
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (url) await dropDatabase(url);
  });

  const entries = async (sql: string) => (await db.query<{ entry: string }>(sql)).rows.map((r) => r.entry);

  it('no unique index of a village-owned table lacks village_id beyond the allow-list, which only shrinks', async () => {
    const found = await entries(UNIQUE_WITHOUT_VILLAGE_ID);
    const added = found.filter((e) => !allowed.uniqueWithoutVillageId.includes(e));
    const fixed = allowed.uniqueWithoutVillageId.filter((e) => !found.includes(e));
    expect({ 'new: put village_id in these keys (Citus needs it)': added, 'fixed: remove from test/shard-ready.allow-list.json': fixed }).toEqual({
      'new: put village_id in these keys (Citus needs it)': [],
      'fixed: remove from test/shard-ready.allow-list.json': [],
    });
  });

  it('every table without village_id is a listed reference table', async () => {
    const found = await entries(TABLES_WITHOUT_VILLAGE_ID);
    expect({ 'tables without village_id': found }).toEqual({ 'tables without village_id': [...allowed.referenceTables].sort() });
  });
});
