import { auditEventInsert } from '../audit/sql/audit-event-insert.function';
import { auditEventsAppendOnly, auditEventsAppendOnlyTriggers } from '../audit/sql/audit-events-append-only.function';
import { jifenAccessChanged, jifenAccessChangedTriggers } from '../auth/sql/jifen-access-changed.function';
import { CATALOGUE_VIEWS } from '../catalogue/sql/catalogue-views';
import { catalogueBigrams } from '../catalogue/sql/catalogue-bigrams.function';
import { catalogueItemsInsertGuard, catalogueItemsInsertGuardTriggers } from '../catalogue/sql/catalogue-items-insert-guard.function';
import { catalogueItemsStockGuard, catalogueItemsStockGuardTriggers } from '../catalogue/sql/catalogue-items-stock-guard.function';
import { stockMovementsAppendOnly, stockMovementsAppendOnlyTriggers } from '../catalogue/sql/stock-movements-append-only.function';
import { stockMovementsApply, stockMovementsApplyTriggers } from '../catalogue/sql/stock-movements-apply.function';
import { householdPointsFlow } from '../ledger/sql/household-points-flow.function';
import { ledgerAppendOnly, ledgerAppendOnlyTriggers } from '../ledger/sql/ledger-append-only.function';
import { ledgerCheckBalanced, ledgerCheckBalancedTriggers } from '../ledger/sql/ledger-check-balanced.function';
import { ledgerCheckEntriesBalanced, ledgerCheckEntriesBalancedTriggers } from '../ledger/sql/ledger-check-entries-balanced.function';
import { ledgerClaimResponses } from '../ledger/sql/ledger-claim-responses.function';
import { ledgerEntriesRollup, ledgerEntriesRollupTriggers } from '../ledger/sql/ledger-entries-rollup.function';
import { ledgerPost } from '../ledger/sql/ledger-post.function';
import { ledgerPostMany } from '../ledger/sql/ledger-post-many.function';
import { POINTS_ROLLUP_VIEWS } from '../ledger/sql/points-rollup-views';
import { POINTS_VIEWS } from '../ledger/sql/points-views';
import { villagePointsStripe } from '../ledger/sql/village-points-add.function';
import { REDEMPTION_LINES_VIEW } from '../redemptions/sql/redemption-lines.view';
import { HOUSEHOLD_ROSTER_VIEW } from '../residents/sql/household-roster.view';
import { SCORING_VIEWS } from '../scoring/sql/scoring-views';
import { jifenTownshipChanged, jifenTownshipChangedTriggers } from '../townships/sql/jifen-township-changed.function';
import { scoreItemsPostedGuard, scoreItemsPostedGuardTriggers } from '../scoring/sql/score-items-posted-guard.function';
import { VILLAGES_VIEW } from '../villages/sql/villages.view';
import type { SqlFunction, SqlTrigger, SqlView } from '../core/database/sql-object';
import { idempotencyClaimMany } from '../core/idempotency/sql/idempotency-claim-many.function';

/** Every SQL function of the schema (extensions' aside); the migrated database is compared with them by a test. */
export const SQL_FUNCTIONS: SqlFunction[] = [
  auditEventInsert,
  auditEventsAppendOnly,
  jifenAccessChanged,
  catalogueBigrams,
  catalogueItemsInsertGuard,
  catalogueItemsStockGuard,
  stockMovementsAppendOnly,
  stockMovementsApply,
  householdPointsFlow,
  idempotencyClaimMany,
  ledgerAppendOnly,
  ledgerCheckBalanced,
  ledgerCheckEntriesBalanced,
  ledgerClaimResponses,
  ledgerPost,
  ledgerPostMany,
  villagePointsStripe,
  ledgerEntriesRollup,
  scoreItemsPostedGuard,
  jifenTownshipChanged,
];

/** Every trigger of the schema. */
export const SQL_TRIGGERS: SqlTrigger[] = [
  ...auditEventsAppendOnlyTriggers,
  ...jifenAccessChangedTriggers,
  ...catalogueItemsInsertGuardTriggers,
  ...catalogueItemsStockGuardTriggers,
  ...stockMovementsAppendOnlyTriggers,
  ...stockMovementsApplyTriggers,
  ...ledgerAppendOnlyTriggers,
  ...ledgerCheckBalancedTriggers,
  ...ledgerCheckEntriesBalancedTriggers,
  ...ledgerEntriesRollupTriggers,
  ...scoreItemsPostedGuardTriggers,
  ...jifenTownshipChangedTriggers,
];

/** The views other modules' reads (reports, boards) go through instead of the owners' tables. */
export const REPORT_VIEWS: SqlView[] = [HOUSEHOLD_ROSTER_VIEW, VILLAGES_VIEW, ...SCORING_VIEWS, ...CATALOGUE_VIEWS, REDEMPTION_LINES_VIEW];

/** Every view of the schema. */
export const SQL_VIEWS: SqlView[] = [...POINTS_VIEWS, ...POINTS_ROLLUP_VIEWS, ...REPORT_VIEWS];
