import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const catalogueItemsInsertGuard = sqlFunction({
  name: 'catalogue_items_insert_guard',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        IF NEW.stock_on_hand <> 0 THEN
          RAISE EXCEPTION 'a new item starts with no stock; add a movement' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END `,
});

export const catalogueItemsInsertGuardTriggers = [
  sqlTrigger('catalogue_items_insert_guard', 'catalogue_items', 'CREATE TRIGGER catalogue_items_insert_guard BEFORE INSERT ON public.catalogue_items FOR EACH ROW EXECUTE FUNCTION catalogue_items_insert_guard()'),
];
