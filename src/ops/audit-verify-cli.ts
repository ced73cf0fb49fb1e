import 'reflect-metadata';
import { loadConfig } from '../core/config/config';
import { createDataSource } from '../database/data-source';
import { resolveDatabase } from '../database/resolve';
import { verifyAllChains } from '../audit/audit-query.service';

/** npm run audit:verify [-- <villageId>]: recompute the chains of sealed audit events; exit 1 when broken. */
async function main(): Promise<void> {
  const database = await resolveDatabase(loadConfig());
  const dataSource = createDataSource({ url: database.url, poolSize: 1 });
  try {
    await dataSource.initialize();
    const result = await verifyAllChains(dataSource.manager, process.argv[2]);
    console.log(JSON.stringify(result, null, 2));
    if (!result.ok) process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
