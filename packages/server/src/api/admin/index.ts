/**
 * Every admin operation the server serves: Connect's (same routes as @aws-sdk/client-connect)
 * and Switchboard's own, for resources Connect does not have (same protocol and keys).
 */
import type { Operation } from '../../http/operation.js';
import { agentStatusOperations } from './agent-statuses.js';
import { contactFlowOperations } from './contact-flows.js';
import type { AdminContext } from './context.js';
import { hoursOfOperationOperations } from './hours-of-operation.js';
import { instanceOperations } from './instances.js';
import { queueOperations } from './queues.js';
import { quickConnectOperations } from './quick-connects.js';
import { routingProfileOperations } from './routing-profiles.js';
import { securityProfileOperations } from './security-profiles.js';
import { tagOperations } from './tags.js';
import { taskTemplateOperations } from './task-templates.js';
import { userOperations } from './users.js';
import { widgetOperations } from './widgets.js';

export const adminOperations: readonly Operation<AdminContext>[] = [
  ...instanceOperations,
  ...userOperations,
  ...securityProfileOperations,
  ...agentStatusOperations,
  ...hoursOfOperationOperations,
  ...queueOperations,
  ...routingProfileOperations,
  ...quickConnectOperations,
  ...contactFlowOperations,
  ...taskTemplateOperations,
  ...tagOperations,
] as unknown as readonly Operation<AdminContext>[];

/** Switchboard's own admin operations (not in @aws-sdk/client-connect): chat widget configurations. */
export const switchboardAdminOperations: readonly Operation<AdminContext>[] = [
  ...widgetOperations,
] as unknown as readonly Operation<AdminContext>[];
