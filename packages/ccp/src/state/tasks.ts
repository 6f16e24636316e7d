/**
 * What the desktop does with tasks, over the agent API (docs/agent-api.md): pause and
 * resume, the task templates, and creating a task free or from a template. Framework-free
 * like the Desktop it works through; components get it with `useTasks()`.
 */
import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { describeError, t } from '../i18n/index.js';
import type { CreateTaskContactParams } from '../lib/free-task.js';
import type { CreateTemplatedTaskParams, TaskTemplateSummary, TaskTemplateWire } from '../lib/task-template.js';
import type { Desktop } from './desktop.js';

/** How long a confirmation stays. */
const INFO_MS = 6000;
/** At most this many pages of templates (100 each) are read for the picker. */
const TEMPLATE_PAGES = 5;

export class Tasks {
  private infoTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly desktop: Desktop) {}

  pause(contactId: string): Promise<void> {
    return this.act(() => this.desktop.command('pauseContact', { contactId }));
  }

  resume(contactId: string): Promise<void> {
    return this.act(() => this.desktop.command('resumeContact', { contactId }));
  }

  /** The active templates, by name. */
  async templates(): Promise<TaskTemplateSummary[]> {
    const out: TaskTemplateSummary[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < TEMPLATE_PAGES; page++) {
      const r = (await this.desktop.command('listTaskTemplates', {
        queryParams: { status: 'ACTIVE', maxResults: 100, ...(nextToken ? { nextToken } : {}) },
      })) as { TaskTemplates?: TaskTemplateSummary[]; NextToken?: string };
      out.push(...(r.TaskTemplates ?? []));
      nextToken = r.NextToken ?? undefined;
      if (!nextToken) break;
    }
    return out.sort((a, b) => a.Name.localeCompare(b.Name));
  }

  template(id: string): Promise<TaskTemplateWire> {
    return this.desktop.command('getTaskTemplate', { templateParams: { id } }) as Promise<TaskTemplateWire>;
  }

  /** Where a task can go: the agent and queue quick connects of the agent's queues. */
  async destinations(): Promise<QuickConnectEndpoint[]> {
    const list = await this.desktop.endpoints();
    return list.filter((e) => e.type === 'agent' || e.type === 'queue');
  }

  /** A task without a template; answers its contact id and confirms it in words. */
  async create(params: CreateTaskContactParams): Promise<string> {
    const r = (await this.desktop.command('createTaskContact', { ...params })) as { contactId: string };
    this.inform(t.task.create.created(params.name));
    return r.contactId;
  }

  /** A task from a template (its name may come from the template's default). */
  async createTemplated(params: CreateTemplatedTaskParams & { ClientToken?: string }, shownName: string): Promise<string> {
    const r = (await this.desktop.command('createTemplatedTask', { ...params })) as { ContactId?: string; contactId?: string };
    this.inform(t.task.create.created(params.Name ?? shownName));
    return (r.ContactId ?? r.contactId) as string;
  }

  private inform(message: string): void {
    clearTimeout(this.infoTimer);
    this.desktop.store.set({ info: message });
    this.infoTimer = setTimeout(() => this.desktop.store.set({ info: undefined }), INFO_MS);
  }

  /** A failure becomes the desktop's notice in words, and rejects for the caller. */
  private async act(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.desktop.store.set({ notice: describeError(e) });
      throw e;
    }
  }
}

const byDesktop = new WeakMap<Desktop, Tasks>();

/** The desktop's task actions (one per desktop). */
export function tasksOf(desktop: Desktop): Tasks {
  let tasks = byDesktop.get(desktop);
  if (!tasks) {
    tasks = new Tasks(desktop);
    byDesktop.set(desktop, tasks);
  }
  return tasks;
}
