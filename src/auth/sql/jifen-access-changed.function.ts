import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const jifenAccessChanged = sqlFunction({
  name: 'jifen_access_changed',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
       BEGIN
         IF TG_TABLE_NAME = 'auth_sessions' THEN
           PERFORM pg_notify('jifen_access', 's:' || NEW."id"::text);
         ELSIF TG_TABLE_NAME = 'users' THEN
           PERFORM pg_notify('jifen_access', 'u:' || NEW."id"::text);
         ELSE
           IF TG_OP <> 'INSERT' AND OLD."user_id" IS NOT NULL THEN PERFORM pg_notify('jifen_access', 'u:' || OLD."user_id"::text); END IF;
           IF TG_OP <> 'DELETE' AND NEW."user_id" IS NOT NULL THEN PERFORM pg_notify('jifen_access', 'u:' || NEW."user_id"::text); END IF;
         END IF;
         RETURN NULL;
       END `,
});

export const jifenAccessChangedTriggers = [
  sqlTrigger('auth_sessions_access_changed', 'auth_sessions', 'CREATE TRIGGER auth_sessions_access_changed AFTER UPDATE OF revoked_at ON public.auth_sessions FOR EACH ROW WHEN ((new.revoked_at IS DISTINCT FROM old.revoked_at)) EXECUTE FUNCTION jifen_access_changed()'),
  sqlTrigger('role_grants_access_changed', 'role_grants', 'CREATE TRIGGER role_grants_access_changed AFTER INSERT OR DELETE OR UPDATE ON public.role_grants FOR EACH ROW EXECUTE FUNCTION jifen_access_changed()'),
  sqlTrigger('users_access_changed', 'users', 'CREATE TRIGGER users_access_changed AFTER UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION jifen_access_changed()'),
];
