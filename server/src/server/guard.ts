// Wrappers that keep one failing handler from taking the server down: the error is logged
// with its stack, and a request gets an error answer instead of a crash.
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { Log } from './log';

/** For notifications and timers, whose failures nobody else would see. */
export function guardNotification<P extends unknown[]>(
  log: Log,
  name: string,
  handler: (...params: P) => void | Promise<void>,
): (...params: P) => void {
  return (...params) => {
    const failed = (error: unknown): void => log.error(`Handling ${name} failed.`, error);
    try {
      handler(...params)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
}

/** For requests. Protocol errors (such as "server cancelled") pass through untouched. */
export function guardRequest<P, R, Rest extends unknown[] = []>(
  log: Log,
  name: string,
  handler: (params: P, token: CancellationToken, ...rest: Rest) => R | Promise<R>,
): (params: P, token: CancellationToken, ...rest: Rest) => Promise<R> {
  return async (params, token, ...rest) => {
    try {
      return await handler(params, token, ...rest);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`Answering ${name} failed.`, error);
      const reason = error instanceof Error ? error.message : String(error);
      throw new ResponseError(ErrorCodes.InternalError, `awaitwise could not answer ${name}: ${reason}`);
    }
  };
}
