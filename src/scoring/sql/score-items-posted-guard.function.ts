import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const scoreItemsPostedGuard = sqlFunction({
  name: 'score_items_posted_guard',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        IF OLD.transaction_id IS NOT NULL THEN
          RAISE EXCEPTION 'score item % is posted (ledger transaction %) and never changes', OLD.id, OLD.transaction_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END `,
});

export const scoreItemsPostedGuardTriggers = [
  sqlTrigger('score_items_posted_guard', 'score_items', 'CREATE TRIGGER score_items_posted_guard BEFORE DELETE OR UPDATE ON public.score_items FOR EACH ROW EXECUTE FUNCTION score_items_posted_guard()'),
];
