/** Every contact-API operation the server serves (same auth and context as the admin API). */
import type { Operation } from '../../http/operation.js';
import type { AdminContext } from '../admin/context.js';
import { contactLifecycleOperations } from './contacts.js';
import { metricOperations } from './metric-operations.js';
import { monitorOperations } from './monitor-operations.js';
import { pauseOperations } from './pause-operations.js';
import { webrtcOperations } from './start-webrtc.js';
import { taskOperations } from './task-operations.js';

export const contactOperations: readonly Operation<AdminContext>[] = [
  ...contactLifecycleOperations,
  ...taskOperations,
  ...pauseOperations,
  ...webrtcOperations,
  ...metricOperations,
  ...monitorOperations,
] as unknown as readonly Operation<AdminContext>[];
