import { TASK_LIMITS, TASK_REFERENCE_TYPES, type TaskReferenceType } from '@switchboard/core/task';
import { t } from '../../i18n/index.js';
import type { FreeTaskForm, ReferenceRow } from '../../lib/free-task.js';
import { EndIcon, PlusIcon } from '../icons.js';
import { FormField } from './FormField.js';

/** The input each reference type is typed into. */
const INPUT: Record<TaskReferenceType, { type: string; inputMode?: 'decimal' }> = {
  URL: { type: 'url' },
  EMAIL: { type: 'email' },
  NUMBER: { type: 'text', inputMode: 'decimal' },
  DATE: { type: 'datetime-local' },
  STRING: { type: 'text' },
};

let rowKeys = 0;
export const newReferenceRow = (): ReferenceRow => ({ key: `r${++rowKeys}`, name: '', type: 'URL', value: '' });

interface Props {
  readonly id: string;
  readonly form: FreeTaskForm;
  readonly onChange: (patch: Partial<FreeTaskForm>) => void;
  /** Error words by form key (`name`, `<row>.value`…). */
  readonly errors: Readonly<Record<string, string>>;
}

/** Name, description and references of a task without a template. */
export function FreeTaskFields({ id, form, onChange, errors }: Props) {
  const setRow = (key: string, patch: Partial<ReferenceRow>) =>
    onChange({ references: form.references.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const remove = (key: string) => onChange({ references: form.references.filter((r) => r.key !== key) });
  const add = () => {
    const row = newReferenceRow();
    onChange({ references: [...form.references, row] });
    requestAnimationFrame(() => document.getElementById(`${id}-${row.key}-name`)?.focus());
  };

  return (
    <>
      <FormField id={`${id}-name`} label={t.task.create.name} required error={errors.name}>
        {(control) => (
          <input
            {...control}
            className="sb-input"
            maxLength={TASK_LIMITS.name}
            placeholder={t.task.create.namePlaceholder}
            value={form.name}
            onChange={(e) => onChange({ name: e.target.value })}
          />
        )}
      </FormField>
      <FormField id={`${id}-description`} label={t.task.create.description} error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            className="sb-input sb-ctask__textarea"
            rows={3}
            maxLength={TASK_LIMITS.description}
            value={form.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        )}
      </FormField>
      <fieldset className="sb-ctask__refs" aria-describedby={`${id}-refs-hint`}>
        <legend>{t.task.create.references}</legend>
        <p id={`${id}-refs-hint`} className="sb-ctask__hint">
          {t.task.create.referencesHint}
        </p>
        {form.references.map((r, i) => {
          const rid = `${id}-${r.key}`;
          const label = r.name.trim() || String(i + 1);
          return (
            <div key={r.key} className="sb-ctask__ref">
              <FormField
                id={`${rid}-name`}
                label={`${t.task.create.referenceName} ${i + 1}`}
                hiddenLabel
                error={errors[`${r.key}.name`]}
                className="sb-ctask__ref-name"
              >
                {(control) => (
                  <input
                    {...control}
                    className="sb-input"
                    placeholder={t.task.create.referenceName}
                    value={r.name}
                    onChange={(e) => setRow(r.key, { name: e.target.value })}
                  />
                )}
              </FormField>
              <FormField
                id={`${rid}-type`}
                label={`${t.task.create.referenceType} ${i + 1}`}
                hiddenLabel
                className="sb-ctask__ref-type"
              >
                {(control) => (
                  <select
                    {...control}
                    className="sb-input"
                    value={r.type}
                    onChange={(e) => setRow(r.key, { type: e.target.value as TaskReferenceType, value: '' })}
                  >
                    {TASK_REFERENCE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t.task.create.referenceTypes[type]}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField
                id={`${rid}-value`}
                label={`${t.task.create.referenceValue} ${i + 1}`}
                hiddenLabel
                error={errors[`${r.key}.value`]}
                className="sb-ctask__ref-value"
              >
                {(control) => (
                  <input
                    {...control}
                    {...INPUT[r.type]}
                    className="sb-input"
                    placeholder={t.task.create.referenceValue}
                    maxLength={TASK_LIMITS.referenceValue}
                    value={r.value}
                    onChange={(e) => setRow(r.key, { value: e.target.value })}
                  />
                )}
              </FormField>
              <button
                type="button"
                className="sb-icon-button sb-ctask__ref-remove"
                aria-label={t.task.create.removeReference(label)}
                title={t.task.create.removeReference(label)}
                onClick={() => remove(r.key)}
              >
                <EndIcon />
              </button>
            </div>
          );
        })}
        {form.references.length < TASK_LIMITS.references ? (
          <button type="button" className="sb-button sb-ctask__add" onClick={add}>
            <PlusIcon />
            {t.task.create.addReference}
          </button>
        ) : null}
      </fieldset>
    </>
  );
}
