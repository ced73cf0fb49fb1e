import { sqlFunction, sqlTrigger } from '../../database/sql-object';

export const householdPointsDailyAdd = sqlFunction({
  name: 'household_points_daily_add',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      DECLARE tz text; v_flow text; v_day date;
      BEGIN
        SELECT coalesce(settings->>'timezone', 'Asia/Shanghai') INTO tz FROM villages WHERE id = NEW.village_id;
        v_flow := household_points_flow(NEW.transaction_id);
        v_day := (NEW.posted_at AT TIME ZONE coalesce(tz, 'Asia/Shanghai'))::date;
        INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
        VALUES (NEW.account_id, v_day, v_flow, NEW.village_id, NEW.amount)
        ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points;
        IF v_flow IN ('award', 'penalty', 'reversal_earned') THEN
          INSERT INTO household_earned_monthly (account_id, month, village_id, points)
          VALUES (NEW.account_id, date_trunc('month', v_day)::date, NEW.village_id, NEW.amount)
          ON CONFLICT (account_id, month) DO UPDATE SET points = household_earned_monthly.points + EXCLUDED.points;
        END IF;
        RETURN NULL;
      END `,
});

export const householdPointsDailyAddTriggers = [
  sqlTrigger('household_points_daily_add', 'ledger_entries', 'CREATE TRIGGER household_points_daily_add AFTER INSERT ON public.ledger_entries FOR EACH ROW WHEN ((new.balance_after IS NOT NULL)) EXECUTE FUNCTION household_points_daily_add()'),
];
