// Wrappers that keep one failing handler from taking the server down: the error is logged
// with its stack, and a request gets an error answer instead of a crash.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
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

/**
 * For requests. Protocol errors (such as "server cancelled") pass through untouched. A request
 * the client cancelled is answered with "request cancelled", as LSP asks, whatever the handler
 * made of it: vscode-jsonrpc only cancels the handler's token and leaves the answer to it.
 */
export function guardRequest<P, R, Rest extends unknown[] = []>(
  log: Log,
  name: string,
  handler: (params: P, token: CancellationToken, ...rest: Rest) => R | Promise<R>,
): (params: P, token: CancellationToken, ...rest: Rest) => Promise<R> {
  return async (params, token, ...rest) => {
    let result: R;
    try {
      result = await handler(params, token, ...rest);
    } catch (error) {
      if (!(error instanceof ResponseError)) log.error(`Answering ${name} failed.`, error);
      throw token.isCancellationRequested ? requestCancelled(name) : asResponseError(name, error);
    }
    if (token.isCancellationRequested) throw requestCancelled(name);
    return result;
  };
}

function requestCancelled(name: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled by the client.`);
}

function asResponseError(name: string, error: unknown): ResponseError<unknown> {
  if (error instanceof ResponseError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ResponseError(ErrorCodes.InternalError, `awaitwise could not answer ${name}: ${reason}`);
}
