import * as Dialog from '@radix-ui/react-dialog';
import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { describeError, t } from '../../i18n/index.js';
import { type FreeTaskForm, freeTaskRequest, quickConnectId, validateFreeTask } from '../../lib/free-task.js';
import {
  fromLocalInput,
  initialValues,
  scheduleProblem,
  serverFieldErrors,
  type TaskTemplateSummary,
  type TemplateField,
  templatedTaskRequest,
  templateFields,
  validateTemplateForm,
} from '../../lib/task-template.js';
import { useDesktopState, useNow, useTasks } from '../../state/hooks.js';
import { FormField, problemText, sentence } from './FormField.js';
import { FreeTaskFields } from './FreeTaskFields.js';
import { EndpointSelect, WhenPicker } from './Pickers.js';
import { TemplateTaskFields } from './TemplateTaskFields.js';
import './CreateTask.css';

type Mode = 'free' | 'template';

const EMPTY: FreeTaskForm = { name: '', description: '', references: [], endpointARN: '', when: 'now', scheduledAt: '' };

interface Loaded {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly fields: readonly TemplateField[];
}

/** A new task, blank or from a template, to an agent or a queue, now or later. */
export function CreateTaskDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const tasks = useTasks();
  const { skew } = useDesktopState();
  const now = useNow(30_000) + skew;
  const id = `sb-ctask-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<Mode>('free');
  const [endpoints, setEndpoints] = useState<QuickConnectEndpoint[] | undefined>();
  const [form, setForm] = useState<FreeTaskForm>(EMPTY);
  const [templates, setTemplates] = useState<TaskTemplateSummary[] | undefined>();
  const [templateId, setTemplateId] = useState('');
  const [template, setTemplate] = useState<Loaded | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** One token per request as filled in: a retry after a lost answer creates nothing twice. */
  const token = useRef<string | undefined>(undefined);

  // Each opening starts afresh, with the destinations as they are now.
  useEffect(() => {
    if (!open) return;
    setMode('free');
    setForm(EMPTY);
    setTemplateId('');
    setTemplate(undefined);
    setValues({});
    setErrors({});
    setFormError(undefined);
    setEndpoints(undefined);
    setTemplates(undefined);
    token.current = undefined;
    tasks
      .destinations()
      .then(setEndpoints)
      .catch((e: unknown) => {
        setEndpoints([]);
        setFormError(describeError(e));
      });
  }, [open, tasks]);

  useEffect(() => {
    if (!open || mode !== 'template' || templates !== undefined) return;
    tasks
      .templates()
      .then(setTemplates)
      .catch((e: unknown) => {
        setTemplates([]);
        setFormError(describeError(e));
      });
  }, [open, mode, templates, tasks]);

  const edited = (...keys: string[]) => {
    token.current = undefined;
    if (keys.some((k) => errors[k])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k))));
  };
  const change = (patch: Partial<FreeTaskForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    edited(
      ...Object.keys(patch).map((k) => (k === 'endpointARN' ? 'endpoint' : k)),
      ...(patch.references ?? []).flatMap((r) => [`${r.key}.name`, `${r.key}.value`]),
    );
  };
  const pickTemplate = (tid: string) => {
    setTemplateId(tid);
    setTemplate(undefined);
    setValues({});
    setErrors({});
    setFormError(undefined);
    token.current = undefined;
    if (!tid) return;
    tasks
      .template(tid)
      .then((wire) => {
        const fields = templateFields(wire);
        setTemplate({ id: tid, name: wire.Name, description: wire.Description, fields });
        setValues(initialValues(fields));
      })
      .catch((e: unknown) => setFormError(describeError(e)));
  };

  const fields = template?.id === templateId ? template.fields : undefined;
  const hasField = (type: string) => (fields ?? []).some((f) => f.type === type && !f.invisible);
  // The destination and time are asked beside the template's fields when it has none for them.
  const askDestination = mode === 'free' || (fields !== undefined && !hasField('QUICK_CONNECT'));
  const askWhen = mode === 'free' || (fields !== undefined && !hasField('SCHEDULED_TIME'));

  const focusFirstProblem = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const check = (at: number): Record<string, string> => {
    const out: Record<string, string> = {};
    if (mode === 'free') {
      for (const [k, p] of Object.entries(validateFreeTask(form, at))) out[k] = problemText(p);
      return out;
    }
    if (!templateId) out.template = problemText('required');
    for (const [name, p] of Object.entries(validateTemplateForm(fields ?? [], values, at))) out[`field:${name}`] = problemText(p);
    if (askWhen && form.when === 'later') {
      const p = form.scheduledAt ? scheduleProblem(form.scheduledAt, at) : 'required';
      if (p) out.scheduledAt = problemText(p);
    }
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || (mode === 'template' && templateId && !fields)) return;
    const at = Date.now() + skew;
    const problems = check(at);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setFormError(t.task.create.fixFields);
      focusFirstProblem();
      return;
    }
    setFormError(undefined);
    setBusy(true);
    token.current ??= globalThis.crypto?.randomUUID?.() ?? `${at}-${Math.random()}`;
    const later = askWhen && form.when === 'later' ? Math.floor(fromLocalInput(form.scheduledAt) / 1000) : undefined;
    try {
      if (mode === 'free') {
        const ep = endpoints?.find((x) => x.endpointARN === form.endpointARN);
        await tasks.create(
          freeTaskRequest(
            form,
            { endpointARN: form.endpointARN, ...(ep ? { type: ep.type, name: ep.name } : {}) },
            token.current,
          ),
        );
      } else {
        const f = fields ?? [];
        const req = templatedTaskRequest(templateId, f, values, {
          quickConnectId: askDestination && form.endpointARN ? quickConnectId(form.endpointARN) : undefined,
          scheduledTime: later,
        });
        const nameField = f.find((x) => x.type === 'NAME');
        const shown = req.Name ?? nameField?.defaultValue ?? template?.name ?? '';
        await tasks.createTemplated({ ...req, ClientToken: token.current }, shown);
      }
      onOpenChange(false);
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  /** The server's refusal: beside the fields it names where it can, else above the form. */
  const refused = (err: unknown) => {
    const type = (err as { type?: string }).type;
    const message = err instanceof Error ? err.message : '';
    if (type === 'InvalidParameterException' || type === 'InvalidRequestException') {
      // Every member the request has, as a field the message may name, and where its error goes.
      const targets: [TemplateField, string][] = [];
      const pseudo = (name: string, type: TemplateField['type']): TemplateField => ({
        name,
        type,
        required: false,
        readOnly: false,
        invisible: false,
      });
      if (mode === 'free') {
        targets.push([pseudo('\u0000name', 'NAME'), 'name'], [pseudo('\u0000description', 'DESCRIPTION'), 'description']);
        for (const r of form.references) if (r.name.trim()) targets.push([pseudo(r.name.trim(), 'TEXT'), `${r.key}.value`]);
      } else {
        // An invisible field has no place on screen: what the server says of it stays above the form.
        for (const f of fields ?? []) if (!f.invisible) targets.push([f, `field:${f.name}`]);
      }
      if (askDestination) targets.push([pseudo('\u0000qc', 'QUICK_CONNECT'), 'endpoint']);
      if (askWhen) targets.push([pseudo('\u0000when', 'SCHEDULED_TIME'), 'scheduledAt']);
      const { byField, rest } = serverFieldErrors(
        targets.map(([f]) => f),
        message,
      );
      const next: Record<string, string> = {};
      for (const [f, key] of targets) if (byField[f.name]) next[key] = problemText(byField[f.name]!);
      setErrors(next);
      if (/\bINACTIVE\b/.test(message)) setFormError(t.task.create.inactive);
      else setFormError(rest.length > 0 ? `${t.task.create.failed} ${rest.map(sentence).join(' ')}` : t.task.create.fixFields);
      if (Object.keys(next).length > 0) focusFirstProblem();
      return;
    }
    setFormError(type === 'ResourceNotFoundException' ? t.task.create.gone : `${t.task.create.failed} ${describeError(err)}`);
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sb-dialog-overlay" />
        <Dialog.Content className="sb-dialog sb-ctask" aria-describedby={`${id}-required`}>
          <Dialog.Title>{t.task.create.title}</Dialog.Title>
          <form ref={formRef} className="sb-ctask__form" noValidate onSubmit={(e) => void submit(e)}>
            <fieldset className="sb-ctask__mode">
              <legend className="sb-visually-hidden">{t.task.create.kind}</legend>
              {(['free', 'template'] as const).map((m) => (
                <label key={m} className={`sb-ctask__segment${mode === m ? ' sb-ctask__segment--on' : ''}`}>
                  <input
                    type="radio"
                    name={`${id}-mode`}
                    value={m}
                    checked={mode === m}
                    onChange={() => {
                      setMode(m);
                      setErrors({});
                      setFormError(undefined);
                      token.current = undefined;
                    }}
                  />
                  {m === 'free' ? t.task.create.blank : t.task.create.fromTemplate}
                </label>
              ))}
            </fieldset>
            <p id={`${id}-required`} className="sb-ctask__hint">
              {t.task.create.requiredHint}
            </p>
            {formError ? (
              <p className="sb-ctask__alert" role="alert">
                {formError}
              </p>
            ) : null}
            {mode === 'free' ? (
              <FreeTaskFields id={id} form={form} onChange={change} errors={errors} />
            ) : (
              <TemplateTaskFields
                id={id}
                templates={templates}
                templateId={templateId}
                onTemplate={pickTemplate}
                fields={fields}
                description={template?.description}
                values={values}
                onValue={(name, v) => {
                  setValues((vs) => ({ ...vs, [name]: v }));
                  edited(`field:${name}`);
                }}
                errors={errors}
                endpoints={endpoints}
                now={now}
              />
            )}
            {askDestination ? (
              <FormField
                id={`${id}-endpoint`}
                label={t.task.create.destination}
                required={mode === 'free'}
                hint={endpoints?.length === 0 ? t.task.create.noDestinations : undefined}
                error={errors.endpoint}
              >
                {(control) => (
                  <EndpointSelect
                    control={control}
                    endpoints={endpoints}
                    value={form.endpointARN}
                    onChange={(v) => change({ endpointARN: v })}
                    empty={mode === 'free' ? t.task.create.pickDestination : t.task.create.templateRouting}
                  />
                )}
              </FormField>
            ) : null}
            {askWhen ? (
              <WhenPicker
                id={id}
                when={form.when}
                at={form.scheduledAt}
                onWhen={(when) => change({ when })}
                onAt={(scheduledAt) => change({ scheduledAt })}
                error={errors.scheduledAt}
                now={now}
              />
            ) : null}
            <div className="sb-dialog-actions sb-ctask__actions">
              <Dialog.Close asChild>
                <button type="button" className="sb-button">
                  {t.task.create.cancel}
                </button>
              </Dialog.Close>
              <button type="submit" className="sb-button sb-button--primary" disabled={busy}>
                {busy ? t.task.create.submitting : t.task.create.submit}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
