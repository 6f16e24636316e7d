import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { t } from '../../i18n/index.js';
import { quickConnectId } from '../../lib/free-task.js';
import type { FieldValues, TaskTemplateSummary, TemplateField } from '../../lib/task-template.js';
import { type ControlProps, FormField } from './FormField.js';
import { EndpointSelect, ScheduleInput } from './Pickers.js';

interface Props {
  readonly id: string;
  /** Undefined while loading. */
  readonly templates: readonly TaskTemplateSummary[] | undefined;
  readonly templateId: string;
  readonly onTemplate: (id: string) => void;
  /** The picked template's fields; undefined while it loads. */
  readonly fields: readonly TemplateField[] | undefined;
  readonly description: string | undefined;
  readonly values: FieldValues;
  readonly onValue: (name: string, value: string) => void;
  /** Error words by form key (`template`, `field:<name>`). */
  readonly errors: Readonly<Record<string, string>>;
  readonly endpoints: readonly QuickConnectEndpoint[] | undefined;
  readonly now: number;
}

/** The template picker, then the picked template's visible fields with their types and constraints. */
export function TemplateTaskFields(p: Props) {
  const { id, templates, templateId, fields } = p;
  if (templates !== undefined && templates.length === 0) return <p className="sb-ctask__empty">{t.task.create.noTemplates}</p>;
  return (
    <>
      <FormField
        id={`${id}-template`}
        label={t.task.create.template}
        required
        hint={templateId ? p.description : undefined}
        error={p.errors.template}
      >
        {(control) => (
          <select
            {...control}
            className="sb-input"
            value={templateId}
            disabled={templates === undefined}
            onChange={(e) => p.onTemplate(e.target.value)}
          >
            <option value="">{templates === undefined ? t.task.create.loadingTemplates : t.task.create.pickTemplate}</option>
            {(templates ?? []).map((tpl) => (
              <option key={tpl.Id} value={tpl.Id}>
                {tpl.Name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {templateId && fields === undefined ? <p className="sb-ctask__empty">{t.task.create.loadingTemplate}</p> : null}
      {(fields ?? [])
        .filter((f) => !f.invisible)
        .map((f, i) => (
          <FormField
            key={f.name}
            id={`${id}-f${i}`}
            label={f.name}
            required={f.required && !f.readOnly}
            hint={
              f.readOnly ? (f.description ? `${f.description} ${t.task.errors.readOnly}` : t.task.errors.readOnly) : f.description
            }
            error={p.errors[`field:${f.name}`]}
          >
            {(control) => (
              <FieldInput
                field={f}
                control={control}
                value={p.values[f.name] ?? ''}
                onChange={(v) => p.onValue(f.name, v)}
                endpoints={p.endpoints}
                now={p.now}
              />
            )}
          </FormField>
        ))}
    </>
  );
}

/** One template field's control, by its type. Read-only fields show their default and take no input. */
function FieldInput({
  field: f,
  control,
  value,
  onChange,
  endpoints,
  now,
}: {
  field: TemplateField;
  control: ControlProps;
  value: string;
  onChange: (v: string) => void;
  endpoints: readonly QuickConnectEndpoint[] | undefined;
  now: number;
}) {
  if (f.readOnly) {
    return <input {...control} required={false} className="sb-input" readOnly value={f.defaultValue ?? ''} />;
  }
  const change = (e: { target: { value: string } }) => onChange(e.target.value);
  switch (f.type) {
    case 'DESCRIPTION':
    case 'TEXT_AREA':
      return (
        <textarea
          {...control}
          className="sb-input sb-ctask__textarea"
          rows={3}
          maxLength={4096}
          value={value}
          onChange={change}
        />
      );
    case 'SINGLE_SELECT':
    case 'BOOLEAN': {
      const options: [string, string][] =
        f.type === 'BOOLEAN'
          ? [
              ['true', t.task.create.yes],
              ['false', t.task.create.no],
            ]
          : (f.options ?? []).map((o) => [o, o]);
      return (
        <select {...control} className="sb-input" value={value} onChange={change}>
          <option value="">{t.task.create.none}</option>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      );
    }
    case 'QUICK_CONNECT':
      return (
        <EndpointSelect
          control={control}
          endpoints={endpoints}
          value={value}
          onChange={onChange}
          empty={t.task.create.pickDestination}
          optionValue={(e) => quickConnectId(e.endpointARN)}
        />
      );
    case 'SCHEDULED_TIME':
      return <ScheduleInput control={control} value={value} onChange={onChange} now={now} />;
    case 'DATE_TIME':
      return <input {...control} className="sb-input" type="datetime-local" value={value} onChange={change} />;
    case 'NUMBER':
      return <input {...control} className="sb-input" inputMode="decimal" value={value} onChange={change} />;
    case 'URL':
      return <input {...control} className="sb-input" type="url" placeholder="https://" value={value} onChange={change} />;
    case 'EMAIL':
      return <input {...control} className="sb-input" type="email" value={value} onChange={change} />;
    default:
      return (
        <input {...control} className="sb-input" maxLength={f.type === 'NAME' ? 512 : 4096} value={value} onChange={change} />
      );
  }
}
