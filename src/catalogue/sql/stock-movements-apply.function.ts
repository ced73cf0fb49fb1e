import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const stockMovementsApply = sqlFunction({
  name: 'stock_movements_apply',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      DECLARE item_village uuid;
      BEGIN
        UPDATE catalogue_items SET stock_on_hand = stock_on_hand + NEW.quantity
          WHERE id = NEW.item_id RETURNING stock_on_hand, village_id INTO NEW.stock_after, item_village;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'catalogue item % does not exist', NEW.item_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF item_village <> NEW.village_id THEN
          RAISE EXCEPTION 'stock movement village differs from its item''s' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END `,
});

export const stockMovementsApplyTriggers = [
  sqlTrigger('stock_movements_apply', 'stock_movements', 'CREATE TRIGGER stock_movements_apply BEFORE INSERT ON public.stock_movements FOR EACH ROW EXECUTE FUNCTION stock_movements_apply()'),
];
