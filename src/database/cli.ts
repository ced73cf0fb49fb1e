import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/logger/logger';
import { ConfigError, loadConfig } from '../core/config/config';
import { createDataSource } from './data-source';
import { runMigrations } from './migrate';
import { resolveDatabase } from './resolve';
import { schemaDiff } from './schema-diff';

const MIGRATIONS_DIR = join(__dirname, '..', '..', 'src', 'database', 'migrations');

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(\`${q.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

/** Adds the new migration to the ordered list in migrations/index.ts. */
function register(fileBase: string, className: string): void {
  const indexFile = join(MIGRATIONS_DIR, 'index.ts');
  const index = readFileSync(indexFile, 'utf8');
  const withImport = `import { ${className} } from './${fileBase}';\n${index}`;
  writeFileSync(indexFile, withImport.replace(/\n\];\s*$/, `\n  ${className},\n];\n`));
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await resolveDatabase(config, logger);
  try {
    if (command === 'run') {
      const ran = await runMigrations(database.url, logger);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'no pending migrations');
    } else if (command === 'generate' || command === 'check') {
      await runMigrations(database.url, logger);
      const dataSource = createDataSource({ url: database.url, logger });
      await dataSource.initialize();
      const diff = await schemaDiff(dataSource).finally(() => dataSource.destroy());
      if (command === 'check') {
        if (diff.up.length) {
          console.error(`entities and migrations disagree; migration:generate would write:\n${diff.up.join(';\n')}`);
          process.exitCode = 1;
        } else {
          console.log('entities and migrations agree');
        }
      } else {
        if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: npm run migration:generate -- PascalCaseName');
        if (!diff.up.length) {
          console.log('no changes: entities and migrations agree');
        } else {
          const timestamp = Date.now();
          const className = `${name}${timestamp}`;
          const fileBase = `${timestamp}-${name}`;
          writeFileSync(join(MIGRATIONS_DIR, `${fileBase}.ts`), migrationSource(className, diff.up, diff.down));
          register(fileBase, className);
          console.log(`wrote src/database/migrations/${fileBase}.ts`);
        }
      }
    } else {
      throw new Error('usage: cli.js run | generate <Name> | check');
    }
  } finally {
    await database.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `jifen: invalid configuration: ${error.message}` : error);
  process.exit(1);
});
