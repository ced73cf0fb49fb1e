import { LedgerAccount } from './entities/account.entity';
import { LedgerBalanceStripe } from './entities/balance-stripe.entity';
import { LedgerEntry } from './entities/entry.entity';
import { LedgerTransaction } from './entities/transaction.entity';
import { HouseholdAwardYear, VillageHouseholdBalance, VillagePointsDaily, VillagePointsMonthly } from './entities/village-points.entity';

/** The ledger's entities, for the entity registry: no other module imports them. */
export const LEDGER_ENTITIES = [LedgerAccount, LedgerBalanceStripe, LedgerTransaction, LedgerEntry, VillagePointsDaily, VillagePointsMonthly, VillageHouseholdBalance, HouseholdAwardYear];
