import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { TASK_LIMITS } from '@switchboard/core/task';
import { t } from '../../i18n/index.js';
import { toLocalInput } from '../../lib/task-template.js';
import { type ControlProps, FormField } from './FormField.js';

/** getEndpoints' agent status, beside Streams' fields (docs/agent-api.md). */
type Endpoint = QuickConnectEndpoint & {
  readonly agentStatus?: { readonly name: string } | null;
  readonly agentOnline?: boolean;
};

const agentLabel = (e: Endpoint): string =>
  e.agentOnline !== false && e.agentStatus
    ? `${e.name} (${t.states[e.agentStatus.name] ?? e.agentStatus.name})`
    : `${e.name} (${t.transfer.offline})`;

/** The quick connects as a select, queues then agents; `value` is what `optionValue` makes of the endpoint. */
export function EndpointSelect({
  control,
  endpoints,
  value,
  onChange,
  empty,
  optionValue = (e) => e.endpointARN,
  disabled,
}: {
  control: ControlProps;
  endpoints: readonly QuickConnectEndpoint[] | undefined;
  value: string;
  onChange: (value: string) => void;
  /** The first option, chosen when nothing is (a prompt, or the template's own routing). */
  empty: string;
  optionValue?: (e: QuickConnectEndpoint) => string;
  disabled?: boolean;
}) {
  const queues = (endpoints ?? []).filter((e) => e.type === 'queue');
  const agents = (endpoints ?? []).filter((e) => e.type === 'agent') as Endpoint[];
  return (
    <select
      {...control}
      className="sb-input"
      value={value}
      disabled={disabled || endpoints === undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{endpoints === undefined ? t.chat.loading : empty}</option>
      {queues.length > 0 ? (
        <optgroup label={t.task.create.queues}>
          {queues.map((e) => (
            <option key={e.endpointARN} value={optionValue(e)}>
              {e.name}
            </option>
          ))}
        </optgroup>
      ) : null}
      {agents.length > 0 ? (
        <optgroup label={t.task.create.agents}>
          {agents.map((e) => (
            <option key={e.endpointARN} value={optionValue(e)}>
              {agentLabel(e)}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** A `datetime-local` input for scheduling: from now to 6 days ahead. */
export function ScheduleInput({
  control,
  value,
  onChange,
  now,
}: {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
  now: number;
}) {
  return (
    <input
      {...control}
      className="sb-input"
      type="datetime-local"
      min={toLocalInput(now)}
      max={toLocalInput(now + TASK_LIMITS.scheduleAheadMs)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Now, or later at a time (the agent's time zone, within 6 days). */
export function WhenPicker({
  id,
  when,
  at,
  onWhen,
  onAt,
  error,
  now,
}: {
  id: string;
  when: 'now' | 'later';
  at: string;
  onWhen: (when: 'now' | 'later') => void;
  onAt: (at: string) => void;
  error: string | undefined;
  now: number;
}) {
  return (
    <fieldset className="sb-ctask__when">
      <legend>{t.task.create.when}</legend>
      <div className="sb-ctask__choices">
        {(['now', 'later'] as const).map((w) => (
          <label key={w} className="sb-ctask__choice">
            <input type="radio" name={`${id}-when`} value={w} checked={when === w} onChange={() => onWhen(w)} />
            {w === 'now' ? t.task.create.now : t.task.create.later}
          </label>
        ))}
      </div>
      {when === 'later' ? (
        <FormField id={`${id}-at`} label={t.task.create.at} required hint={t.task.create.atHint} error={error}>
          {(control) => <ScheduleInput control={control} value={at} onChange={onAt} now={now} />}
        </FormField>
      ) : null}
    </fieldset>
  );
}
