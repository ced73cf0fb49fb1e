import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const auditEventsAppendOnly = sqlFunction({
  name: 'audit_events_append_only',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
           AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.sealed_at IS NOT NULL
           AND (to_jsonb(NEW) - 'hash' - 'chain_seq' - 'sealed_at') = (to_jsonb(OLD) - 'hash' - 'chain_seq' - 'sealed_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END `,
});

export const auditEventsAppendOnlyTriggers = [
  sqlTrigger('audit_events_no_truncate', 'audit_events', 'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()'),
  sqlTrigger('audit_events_no_update_delete', 'audit_events', 'CREATE TRIGGER audit_events_no_update_delete BEFORE DELETE OR UPDATE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()'),
];
