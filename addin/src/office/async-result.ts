/// <reference types="office-js" />

/**
 * Office.js reports results through callbacks with an AsyncResult. This turns them into promises and retries the
 * transient error 5001 ("An internal error has occurred"), which Outlook raises now and then while an item is still
 * loading (Office Add-ins error codes: https://learn.microsoft.com/office/dev/add-ins/reference/javascript-api-for-office-error-codes).
 */
export const TRANSIENT_INTERNAL_ERROR = 5001;

export class OfficeCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'OfficeCallError';
  }
}

export interface RetryOptions {
  attempts?: number;
  delayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function once<T>(invoke: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((result) => {
      // Compared as a string: Office.AsyncResultStatus.Succeeded is "succeeded" (and host stubs use the string).
      if (String(result.status) === 'succeeded') return resolve(result.value);
      const error = result.error as { code?: number; message?: string } | undefined;
      reject(new OfficeCallError(error?.code ?? 0, error?.message ?? 'Office call failed'));
    });
  });
}

/** Runs an Office.js async call; retries only the transient 5001, with a growing pause. */
export async function officeCall<T>(
  invoke: (callback: (result: Office.AsyncResult<T>) => void) => void,
  { attempts = 3, delayMs = 200 }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(invoke);
    } catch (err) {
      const transient = err instanceof OfficeCallError && err.code === TRANSIENT_INTERNAL_ERROR;
      if (!transient || attempt >= attempts) throw err;
      await sleep(delayMs * attempt);
    }
  }
}
