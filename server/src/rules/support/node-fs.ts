// Synchronous Node `fs` calls made directly in an async function, for the rules that report
// them (file contents, file-system queries), with the `fs.promises` rewrite where one exists.
import ts from 'typescript';
import type { TypeScriptContext } from '../../engine/typescript/context';
import type { Fix } from '../../engine/types';

export interface SyncFsCall {
  /** The `*Sync` method called, such as `readFileSync`. */
  method: string;
  /** Its `fs.promises` equivalent taking the same arguments, when there is one. */
  replacement: string | undefined;
  /** `await X.promises.<replacement>(...)`, offered when the call is written as `X.<method>(...)`. */
  fixes: Fix[];
}

/**
 * The sync `fs` call a node is, when it is one of `methods` (method -> promise equivalent, or
 * undefined when none takes the same arguments) and runs directly in an async function.
 */
export function syncFsCall(
  node: ts.Node,
  context: TypeScriptContext,
  methods: ReadonlyMap<string, string | undefined>,
): SyncFsCall | undefined {
  if (!context.inAsyncContext) return undefined;
  const call = node as ts.CallExpression;
  const name = context.calleeName(call);
  if (!name?.startsWith('fs.')) return undefined;
  const method = name.slice(3);
  if (!methods.has(method)) return undefined;
  const replacement = methods.get(method);
  const fixes: Fix[] = [];
  const callee = call.expression;
  if (replacement && ts.isPropertyAccessExpression(callee)) {
    const receiver = callee.expression.getText(context.sourceFile);
    fixes.push({
      title: `Use 'await ${receiver}.promises.${replacement}(...)'`,
      safe: false,
      edits: context.awaitCallEdits(call, { node: callee, text: `${receiver}.promises.${replacement}` }),
    });
  }
  return { method, replacement, fixes };
}
