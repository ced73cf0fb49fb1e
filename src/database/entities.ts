import { IdempotencyKeyRecord } from '../core/idempotency/idempotency-key.entity';
import { LEDGER_ENTITIES } from '../ledger/ledger.entities';
import { AuditEvent } from '../audit/audit-event.entity';
import { ApiKey } from '../auth/api-key.entity';
import { LoginFailure } from '../auth/login-attempt.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { AuthSession } from '../auth/session.entity';
import { RoleGrantRow } from '../users/role-grant.entity';
import { User } from '../users/user.entity';
import { Village } from '../villages/village.entity';
import { Township } from '../townships/township.entity';
import { Household } from '../residents/entities/household.entity';
import { Resident } from '../residents/entities/resident.entity';
import { ResidentMove } from '../residents/entities/resident-move.entity';
import { PersonalSearchLog } from '../residents/entities/personal-search-log.entity';
import { CatalogueItem } from '../catalogue/catalogue-item.entity';
import { StockMovement } from '../catalogue/stock-movement.entity';
import { Redemption } from '../redemptions/redemption.entity';
import { RedemptionLine } from '../redemptions/redemption-line.entity';
import { HouseholdEarnedMonthly, HouseholdPointsDaily } from '../reports/household-points-daily.entity';
import { ExpiryRun } from '../expiry/expiry-run.entity';

import { Rule } from '../rules/rule.entity';
import { Panel, PanelMember } from '../panels/panel.entity';
import { ScoringRound, ScoringRoundMember } from '../scoring/entities/scoring-round.entity';
import { ScoreItem, ScoreRating } from '../scoring/entities/score-item.entity';
import { Objection } from '../scoring/entities/objection.entity';
/** Every entity of the app; the schema they describe is kept in step with the migrations by a test. */
export const ENTITIES = [
  Township,
  Village,
  AuditEvent,
  User,
  RoleGrantRow,
  AuthSession,
  RefreshToken,
  LoginFailure,
  ApiKey,
  ...LEDGER_ENTITIES,
  IdempotencyKeyRecord,
  Household,
  Resident,
  ResidentMove,
  PersonalSearchLog,
  CatalogueItem,
  StockMovement,
  Redemption,
  RedemptionLine,
  HouseholdPointsDaily,
  HouseholdEarnedMonthly,
  ExpiryRun,
  Rule,
  Panel,
  PanelMember,
  ScoringRound,
  ScoringRoundMember,
  ScoreItem,
  ScoreRating,
  Objection,
];
