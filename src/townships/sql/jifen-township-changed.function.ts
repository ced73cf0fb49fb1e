import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * A village joining or leaving a township changes what every township grant reaches: the
 * guard's caches drop all users ('u:*', read by AccessState).
 */
export const jifenTownshipChanged = sqlFunction({
  name: 'jifen_township_changed',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
       BEGIN
         PERFORM pg_notify('jifen_access', 'u:*');
         RETURN NULL;
       END `,
});

export const jifenTownshipChangedTriggers = [
  sqlTrigger('villages_township_added', 'villages', 'CREATE TRIGGER villages_township_added AFTER INSERT ON public.villages FOR EACH ROW WHEN ((new.township_id IS NOT NULL)) EXECUTE FUNCTION jifen_township_changed()'),
  sqlTrigger(
    'villages_township_changed',
    'villages',
    'CREATE TRIGGER villages_township_changed AFTER UPDATE OF township_id ON public.villages FOR EACH ROW WHEN ((new.township_id IS DISTINCT FROM old.township_id)) EXECUTE FUNCTION jifen_township_changed()',
  ),
];
