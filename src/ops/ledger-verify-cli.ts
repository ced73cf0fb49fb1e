import 'reflect-metadata';
import { createLogger } from '../core/logger/logger';
import { ConfigError, loadConfig } from '../core/config/config';
import { createDataSource } from '../database/data-source';
import { resolveDatabase } from '../database/resolve';
import { verifyLedger } from '../ledger/ledger.verifier';

/**
 * `npm run ledger:verify [-- --village <uuid>] [--json]`: checks every ledger invariant
 * (double entry, append-only triggers, balances against entries, balanceAfter sequences,
 * overdrafts, reversals, audit events) and prints each problem with its ids.
 * Exit status 0 when the ledger is consistent, 1 when a problem was found, 2 on error.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const villageAt = args.indexOf('--village');
  const villageId = villageAt >= 0 ? args[villageAt + 1] : null;
  if (villageAt >= 0 && !/^[0-9a-f-]{36}$/i.test(villageId ?? '')) throw new Error('usage: ledger:verify [--village <uuid>] [--json]');
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await resolveDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url, logger, poolSize: 2, applicationName: 'jifen-ledger-verify' });
  try {
    await dataSource.initialize();
    const started = Date.now();
    const result = await verifyLedger(dataSource.manager, villageId);
    if (args.includes('--json')) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(
        `ledger ${villageId ? `of village ${villageId}` : '(all villages)'}: ${result.checkedTransactions} transactions, ` +
          `${result.checkedEntries} entries, ${result.checkedAccounts} accounts checked in ${Date.now() - started} ms`,
      );
      for (const p of result.problems) {
        const ids = [p.transactionId && `transaction ${p.transactionId}`, p.accountId && `account ${p.accountId}`, p.entryId && `entry ${p.entryId}`].filter(Boolean);
        console.log(`PROBLEM ${p.code}: ${p.detail}${ids.length ? ` [${ids.join(', ')}]` : ''}`);
      }
      console.log(result.ok ? 'OK: every invariant holds' : `FAILED: ${result.problems.length} problem(s)`);
    }
    return result.ok ? 0 : 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? `jifen: invalid configuration: ${error.message}` : error);
    process.exit(2);
  },
);
