import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const stockMovementsAppendOnly = sqlFunction({
  name: 'stock_movements_append_only',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        RAISE EXCEPTION 'stock_movements is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END `,
});

export const stockMovementsAppendOnlyTriggers = [
  sqlTrigger('stock_movements_no_truncate', 'stock_movements', 'CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON public.stock_movements FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only()'),
  sqlTrigger('stock_movements_no_update_delete', 'stock_movements', 'CREATE TRIGGER stock_movements_no_update_delete BEFORE DELETE OR UPDATE ON public.stock_movements FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only()'),
];
