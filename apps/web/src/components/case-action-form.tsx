import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_SCHEMAS, type CaseAction, fixedOf, newIdempotencyKey, perform } from '../api/perform-action';
import { ApiProblem } from '../api/problem';
import { fieldsFromSchema } from './action-fields';
import { ActionForm } from './action-form';
import { useAnnounce } from './announcer';

/**
 * One action the API offers on a case (`GET /cases/:id/actions`) as its form: the fields read
 * from the action's request schema and date window, its target fixed, the outcome announced.
 * `hiddenFields`: fields the page answers itself (a municipal user answers for its own municipality).
 */
export function CaseActionForm({
  action,
  documents,
  hiddenFields = [],
  onDone,
}: {
  action: CaseAction;
  documents: ReadonlyArray<{ id: string; label: string }>;
  hiddenFields?: readonly string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  // One key per intended action: kept when the answer never came (a lost connection, a 5xx), so
  // sending again cannot apply it twice; a new one once the API has answered for good.
  const idempotencyKey = useRef(newIdempotencyKey());
  const send = async (values: Record<string, unknown>) => {
    try {
      const answer = await perform(action, values, idempotencyKey.current);
      idempotencyKey.current = newIdempotencyKey();
      return answer;
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) idempotencyKey.current = newIdempotencyKey();
      throw error;
    }
  };
  const fields = fieldsFromSchema(action.requestSchema, ACTION_SCHEMAS, t, { dateWindow: action.dateWindow, target: action.target }).filter(
    (field) => !hiddenFields.includes(field.name),
  );
  return (
    <ActionForm
      action={{ id: action.name, label: { it: action.labelIt, en: action.labelEn }, fields }}
      fixed={fixedOf(action)}
      documents={documents}
      submit={send}
      onDone={(label) => {
        announce(t('actions.done', { label }));
        onDone();
      }}
    />
  );
}

/** A stable key for an action's form: the same action on another target is another form. */
export const actionKey = (action: CaseAction): string => `${action.name}-${JSON.stringify(action.target ?? {})}`;
