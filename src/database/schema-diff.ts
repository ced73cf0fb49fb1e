import { DataSource } from 'typeorm';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/** What `migration:generate` would write: the SQL that takes the database to the entities. */
export async function schemaDiff(dataSource: DataSource): Promise<SchemaDiff> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  const parameterised = sql.upQueries.find((q) => q.parameters?.length);
  if (parameterised) {
    throw new Error(`the schema change needs a parameterised query (e.g. a generated column); write that migration by hand: ${parameterised.query}`);
  }
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}
