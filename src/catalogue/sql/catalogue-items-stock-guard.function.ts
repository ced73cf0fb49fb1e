import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const catalogueItemsStockGuard = sqlFunction({
  name: 'catalogue_items_stock_guard',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        IF NEW.stock_on_hand IS DISTINCT FROM OLD.stock_on_hand AND pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'stock_on_hand changes only through stock_movements' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END `,
});

export const catalogueItemsStockGuardTriggers = [
  sqlTrigger('catalogue_items_stock_guard', 'catalogue_items', 'CREATE TRIGGER catalogue_items_stock_guard BEFORE UPDATE ON public.catalogue_items FOR EACH ROW EXECUTE FUNCTION catalogue_items_stock_guard()'),
];
