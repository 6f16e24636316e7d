import type { Operation } from '../../http/operation.js';
import type { AdminContext } from './context.js';

export const queueOperations: Operation<AdminContext>[] = [];
