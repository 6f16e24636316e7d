/**
 * The public types of @switchboard/agent, pinned: `@ts-expect-error` lines fail the type
 * check (`npx tsc -p tsconfig.check.json`) when a wrong use starts to compile, and
 * `expectTypeOf` checks what the events hand on.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ContactCenter,
  DESTINATION_TYPE,
  RejectReason,
  TASK_EVENTS,
  type Task,
  type TaskData,
  TaskError,
  TaskErrorType,
  type TransferPayLoad,
  type WrapupPayLoad,
} from '../src/index.js';

/** Only the types matter: these functions are never called. */
function typesOf(task: Task, center: ContactCenter) {
  // Transfers and consults go to a queue or an agent.
  void task.transfer({ to: 'Sales', destinationType: 'queue' });
  void task.transfer({ to: 'bob', destinationType: DESTINATION_TYPE.AGENT });
  // @ts-expect-error dial numbers and entry points have no equivalent
  void task.transfer({ to: '+15555550100', destinationType: 'dialNumber' });
  // @ts-expect-error `to` is required
  void task.transfer({ destinationType: 'queue' });
  // @ts-expect-error consult takes a destination too
  void task.consult({ to: 'bob' });

  // Wrap-up needs both the reason and the code.
  void task.wrapup({ wrapUpReason: 'Resolved', auxCodeId: 'code-id' });
  // @ts-expect-error wrapUpReason is required
  void task.wrapup({ auxCodeId: 'code-id' });
  // @ts-expect-error auxCodeId is required
  void task.wrapup({ wrapUpReason: 'Resolved' });
  // @ts-expect-error a payload is required
  void task.wrapup();

  // Every method resolves with the task's data.
  expectTypeOf(task.accept()).resolves.toEqualTypeOf<TaskData>();
  expectTypeOf(task.hold()).resolves.toEqualTypeOf<TaskData>();
  expectTypeOf(task.updateTaskData({ wrapUpRequired: true })).toEqualTypeOf<Task>();
  // @ts-expect-error updateTaskData takes TaskData's fields only
  task.updateTaskData({ wrapUpRequired: 'yes' });

  // Event payloads: the task, the remote track, the reason.
  task.on(TASK_EVENTS.TASK_END, (t) => {
    expectTypeOf(t).toEqualTypeOf<Task>();
    expectTypeOf(t.data.wrapUpRequired).toEqualTypeOf<boolean>();
  });
  task.on(TASK_EVENTS.TASK_MEDIA, (track) => expectTypeOf(track).toEqualTypeOf<MediaStreamTrack>());
  task.on(TASK_EVENTS.TASK_REJECT, (reason) => expectTypeOf(reason).toEqualTypeOf<RejectReason>());
  // @ts-expect-error task:media hands on a track, not the task
  task.on(TASK_EVENTS.TASK_MEDIA, (t: Task) => t.accept());
  // @ts-expect-error task:rejected hands on the reason, not the task
  task.on('task:rejected', (t: Task) => t.data);
  // @ts-expect-error not an event name
  task.on('task:ended', () => undefined);

  // The manager's events.
  center.on(TASK_EVENTS.TASK_INCOMING, (t) => expectTypeOf(t).toEqualTypeOf<Task>());
  center.on('agent:stateChange', (change) => expectTypeOf(change.state).toEqualTypeOf<string>());
  // @ts-expect-error task events are on the task, not the manager
  center.on(TASK_EVENTS.TASK_ASSIGNED, () => undefined);
  expectTypeOf(center.setAgentState('Available')).resolves.toHaveProperty('state');
}

describe('the public types', () => {
  it('are pinned by the type check; the constants are the seed’s values', () => {
    expectTypeOf(typesOf).toBeFunction();
    expectTypeOf<TransferPayLoad['destinationType']>().toEqualTypeOf<'queue' | 'agent'>();
    expectTypeOf<WrapupPayLoad>().toEqualTypeOf<{ readonly wrapUpReason: string; readonly auxCodeId: string }>();
    expectTypeOf(TASK_EVENTS.TASK_END).toEqualTypeOf<'task:end'>();
    expectTypeOf(RejectReason.RONA).toEqualTypeOf<'RONA'>();
    const err = new TaskError(TaskErrorType.Timeout, 'hold', 'c1', 'hold on task c1 timed out');
    expectTypeOf(err.type).toEqualTypeOf<TaskErrorType>();
    expectTypeOf(err.operation).toExtend<string>();
    expectTypeOf(err.taskId).toEqualTypeOf<string | undefined>();
  });
});
