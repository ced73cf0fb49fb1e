/**
 * SQL functions and triggers declared in code, one file per function (its triggers beside
 * it), under the owning module's `sql/` folder. Migrations create them from these
 * declarations, and test/schema.e2e-spec.ts compares the migrated database with them (the
 * function's arguments, result, language, volatility, settings and body; the trigger's
 * definition as PostgreSQL prints it), so a body that lives only in migration history, or
 * a migration that forgot a setting, fails a test.
 */
export interface SqlFunction {
  name: string;
  /** As pg_get_function_arguments prints them (names and canonical types). */
  arguments: string;
  /** As pg_get_function_result prints it. */
  returns: string;
  language: 'plpgsql' | 'sql';
  volatility: 'VOLATILE' | 'STABLE' | 'IMMUTABLE';
  /** Planner settings attached to the function (proconfig), e.g. `plan_cache_mode=force_generic_plan`. */
  settings: string[];
  /** The text between the dollar quotes, exactly (prosrc). */
  body: string;
}

export interface SqlTrigger {
  name: string;
  table: string;
  /** The CREATE TRIGGER statement exactly as pg_get_triggerdef prints it. */
  definition: string;
}

/** A view another module reads instead of the owner's tables. */
export interface SqlView {
  name: string;
  /** The SELECT it stands for. */
  query: string;
}

export function sqlFunction(spec: Omit<SqlFunction, 'volatility' | 'settings'> & Partial<Pick<SqlFunction, 'volatility' | 'settings'>>): SqlFunction {
  return { volatility: 'VOLATILE', settings: [], ...spec };
}

export function sqlTrigger(name: string, table: string, definition: string): SqlTrigger {
  return { name, table, definition };
}

/** CREATE OR REPLACE: with the settings, which a replace would otherwise drop. */
export function createFunctionSql(f: SqlFunction): string {
  const settings = f.settings.map((s) => {
    const [key, value] = s.split('=');
    return ` SET ${key} = ${value}`;
  });
  return `CREATE OR REPLACE FUNCTION ${f.name}(${f.arguments}) RETURNS ${f.returns} LANGUAGE ${f.language} ${f.volatility}${settings.join('')} AS $$${f.body}$$`;
}

/** The argument types alone (what DROP FUNCTION needs). */
export function dropFunctionSql(f: SqlFunction): string {
  const types = f.arguments
    .split(/,(?![^(]*\))/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => a.replace(/^\w+\s+/, ''));
  return `DROP FUNCTION ${f.name}(${types.join(', ')})`;
}

export const createTriggerSql = (t: SqlTrigger): string => t.definition;
export const dropTriggerSql = (t: SqlTrigger): string => `DROP TRIGGER ${t.name} ON ${t.table}`;
