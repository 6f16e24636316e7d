/** Assertions on errors thrown by the unmodified AWS SDK clients. */
import { expect } from 'vitest';

export type SdkError = Error & { $metadata: { httpStatusCode?: number; requestId?: string } };

/** An id no resource has. */
export const MISSING = '00000000-0000-4000-8000-000000000000';

/** The SDK error a call fails with; never an unmodelled ('Unknown') or 5xx one. */
export async function errorOf(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    const err = e as SdkError;
    expect(err.name).not.toBe('Unknown');
    expect(err.$metadata?.httpStatusCode).toBeLessThan(500);
    return err;
  }
  throw new Error('expected the call to fail');
}

/** The call fails with this AWS error type and HTTP status. */
export async function expectError(p: Promise<unknown>, name: string, status: number): Promise<SdkError> {
  const err = await errorOf(p);
  expect(err.name, err.message).toBe(name);
  expect(err.$metadata.httpStatusCode).toBe(status);
  return err;
}
