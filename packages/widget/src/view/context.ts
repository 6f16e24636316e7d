/** What every part of the view gets: the controller (state and actions), the strings, the locale. */
import type { CallController } from '../call.js';
import type { WidgetController, WidgetState } from '../controller.js';
import type { Strings } from '../strings/en.js';

export interface ViewContext {
  readonly c: WidgetController;
  readonly st: WidgetState;
  readonly s: Strings;
  readonly locale: string | undefined;
  /** Saves bytes as a file the customer downloads. */
  saveFile(blob: Blob, name: string): void;
  /** Opens the file picker. */
  pickFile(): void;
  /** A file is being dragged over the panel. */
  readonly dragging?: boolean;
  /** The call ("Call us"), when the element has one. */
  readonly call?: CallController | undefined;
  /** Starts a call with the form's details (checked first). */
  startCall?(): void;
  /** Now (epoch ms), for the call's timer. */
  readonly now?: number;
}
