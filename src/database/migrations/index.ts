import { ReportViews1796300000000 } from './1796300000000-ReportViews';
import { LedgerBalanceCheckByKey1796400000000 } from './1796400000000-LedgerBalanceCheckByKey';
import { LedgerRollupOneTrigger1796500000000 } from './1796500000000-LedgerRollupOneTrigger';
import { LedgerPostManyLateClaims1796500000001 } from './1796500000001-LedgerPostManyLateClaims';
import { AuditSealCheckInWhen1796500000002 } from './1796500000002-AuditSealCheckInWhen';
import { LedgerClaimResponses1796600000000 } from './1796600000000-LedgerClaimResponses';
import { LedgerClaimResponsesOwnRows1796700000000 } from './1796700000000-LedgerClaimResponsesOwnRows';
import { RankByPoints1796200000000 } from './1796200000000-RankByPoints';
import { LedgerGroupCommit1795996000000 } from './1795996000000-LedgerGroupCommit';
import { TaskReads1796100000000 } from './1796100000000-TaskReads';
import { PointsRollups1795995700000 } from './1795995700000-PointsRollups';
import { Townships1795995647431 } from './1795995647431-Townships';
import { PointsViews1795990000001 } from './1795990000001-PointsViews';
import { LedgerPostRefusals1795990000000 } from './1795990000000-LedgerPostRefusals';
import { PersonalSearchLog1795983832482 } from './1795983832482-PersonalSearchLog';
import { ResidentIdNumberPerVillage1795983665247 } from './1795983665247-ResidentIdNumberPerVillage';
import { Sessions1795983697100 } from './1795983697100-Sessions';
import { LedgerPostPrimaryKeyPlan1795838200000 } from './1795838200000-LedgerPostPrimaryKeyPlan';
import { AuditChainIndexPartial1795838100000 } from './1795838100000-AuditChainIndexPartial';
import { LedgerPostFunction1795838000000 } from './1795838000000-LedgerPostFunction';
import { ScoringForeignKeys1795837705133 } from './1795837705133-ScoringForeignKeys';
import { ResidentNameSearch1795835498677 } from './1795835498677-ResidentNameSearch';
import { ReportsMonthly1795835000000 } from './1795835000000-ReportsMonthly';
import { Scoring1795834439087 } from './1795834439087-Scoring';
import { Reports1795834168807 } from './1795834168807-Reports';
import { Catalogue1795833571102 } from './1795833571102-Catalogue';
import { Residents1795833259560 } from './1795833259560-Residents';
import { Ledger1795833174676 } from './1795833174676-Ledger';
import { Identity1795832967914 } from './1795832967914-Identity';
import { AuditEvents1795832824104 } from './1795832824104-AuditEvents';
import { Initial1795832353762 } from './1795832353762-Initial';
/** The migrations in the order they run. `npm run migration:generate -- Name` appends here. */
export const MIGRATIONS: Function[] = [
  Initial1795832353762,
  AuditEvents1795832824104,
  Identity1795832967914,
  Ledger1795833174676,
  Residents1795833259560,
  Catalogue1795833571102,
  Reports1795834168807,
  Scoring1795834439087,
  ReportsMonthly1795835000000,
  ResidentNameSearch1795835498677,
  ScoringForeignKeys1795837705133,
  LedgerPostFunction1795838000000,
  AuditChainIndexPartial1795838100000,
  LedgerPostPrimaryKeyPlan1795838200000,
  ResidentIdNumberPerVillage1795983665247,
  Sessions1795983697100,
  PersonalSearchLog1795983832482,
  LedgerPostRefusals1795990000000,
  PointsViews1795990000001,
  Townships1795995647431,
  PointsRollups1795995700000,
  LedgerGroupCommit1795996000000,
  TaskReads1796100000000,
  RankByPoints1796200000000,
  ReportViews1796300000000,
  LedgerBalanceCheckByKey1796400000000,
  LedgerRollupOneTrigger1796500000000,
  LedgerPostManyLateClaims1796500000001,
  AuditSealCheckInWhen1796500000002,
  LedgerClaimResponses1796600000000,
  LedgerClaimResponsesOwnRows1796700000000,
];
