/**
 * `@switchboard/widget`: the customer chat widget. Importing it defines
 * `<switchboard-chat>` (once, even when loaded twice). See docs/widget.md.
 */
import { SwitchboardChat } from './switchboard-chat.js';

export { SwitchboardChat };
export { WidgetController } from './controller.js';
export type { ControllerDeps, Phase, WidgetEvents, WidgetState } from './controller.js';
export type { WidgetConfiguration } from './configuration.js';
export { en as englishStrings, type Strings } from './strings/en.js';

export const TAG = 'switchboard-chat';

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) customElements.define(TAG, SwitchboardChat);
