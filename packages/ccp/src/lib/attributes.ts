/**
 * Which contact attributes an agent is shown: all but those a flow keeps for itself —
 * names starting with `_`, and names that look like secrets (token, secret, password).
 * Switchboard's own wrap-up attributes are shown in the after-contact work panel instead.
 */
const HIDDEN = /^_|token|secret|password/i;
const OWN = new Set(['wrapUpCode', 'wrapUpCodeId', 'agentNotes']);

export function displayAttributes(attributes: Readonly<Record<string, { name: string; value: string }>>): [string, string][] {
  return Object.values(attributes)
    .filter((a) => !HIDDEN.test(a.name) && !OWN.has(a.name) && a.value !== '')
    .map((a) => [a.name, a.value] as [string, string])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Attributes as a plain map (for quick-response placeholders). */
export const attributeValues = (attributes: Readonly<Record<string, { name: string; value: string }>>): Record<string, string> =>
  Object.fromEntries(Object.values(attributes).map((a) => [a.name, a.value]));
