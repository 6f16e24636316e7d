/** Zod pieces shared by the admin operations' input schemas (limits from the Connect model). */
import { z } from 'zod';

export const Id = z.string().min(1).max(500);
export const InstanceId = z.string().min(1).max(250);
export const Name = z.string().min(1).max(127);
export const Description = z.string().max(250);
export const MaxResults = (max = 1000) => z.number().int().min(1).max(max).optional();
export const NextToken = z.string().min(1).max(2500).optional();
export const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).optional();
export const Channel = z.enum(['VOICE', 'CHAT', 'TASK']);
/** Query bindings shared by every List operation. */
export const PAGING_QUERY = { NextToken: ['nextToken', 'string'], MaxResults: ['maxResults', 'int'] } as const;
