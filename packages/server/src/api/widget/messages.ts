/**
 * "Leave a message" (docs/widget.md): the offline form's name, email and message become a
 * TASK contact through the widget configuration's flow, with StartTaskContact's own
 * createTask. Checks, in order: 403 (origin; the form turned off) → 429 (the start-chat
 * limits: a message counts as a chat started) → 400 InvalidParameterException (the body,
 * naming each member at fault) → 409 (the flow takes no message: `Reason` CLOSED or
 * QUEUE_FULL) → 201 `{ContactId}`. Nobody need be there: the task waits in the queue, and
 * a queue outside its hours gets it at its next opening (core widget/leave-message.ts).
 */
import {
  AccessDeniedException,
  ConflictException,
  InvalidParameterException,
  leaveMessageEnabled,
  leaveMessageRoute,
  leaveMessageTask,
  readLeaveMessage,
} from '@switchboard/core';
import { createTask, taskReferences } from '../contact/start-task.js';
import { flowTarget, foreignOrigin, type WidgetApiContext } from './context.js';
import { limit, type WidgetRequest } from './handlers.js';

export async function leaveMessage(
  input: WidgetRequest & { readonly origin: string | undefined; readonly body: () => unknown },
  ctx: WidgetApiContext,
): Promise<{ ContactId: string }> {
  const t = input.target;
  if (!t) throw foreignOrigin();
  if (!leaveMessageEnabled(t.widget)) throw new AccessDeniedException('This widget does not take messages');
  limit(ctx, t, 'start', input.ip);
  const request = readLeaveMessage(input.body(), t.widget);
  if (!request.ok) throw new InvalidParameterException(request.message);
  const task = leaveMessageTask(request, input.origin);
  // The same checks as StartTaskContact's References (they hold by construction).
  const references = taskReferences(
    Object.fromEntries(Object.entries(task.references).map(([k, r]) => [k, { Type: r.type, Value: r.value }])),
  );
  // From here to the routing step nothing is awaited: the queue checked is the queue used.
  const { ir, widget } = t;
  const route = leaveMessageRoute(flowTarget(t), (queueId) => ir.engine.waitingCount(queueId), ctx.now());
  if (!route.ok) throw new ConflictException(route.message, { Reason: route.reason });
  const answer = await createTask(ctx, ir.config.instance, ir, {
    flowId: widget.contactFlowId,
    queueId: route.queueId,
    name: task.name,
    description: task.description,
    references,
    attributes: task.attributes,
    ...(route.at !== undefined ? { scheduledAt: route.at } : {}),
  });
  ctx.log.info(
    { contactId: answer.ContactId, widgetId: widget.id, ...(route.at !== undefined ? { scheduledAt: route.at } : {}) },
    'message left through the widget',
  );
  return answer;
}
