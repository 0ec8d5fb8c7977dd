// Rewrites a call's callee to another function of the same module (`get_event_loop` ->
// `get_running_loop`, `ensure_future` -> `create_task`), spelled the way this file reaches it.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { TextEdit } from '../../engine/types';

/**
 * Edits that make `callee`, which resolves to a function of `module`, name `module.member`
 * instead. `aio.get_event_loop` keeps its module reference; a name imported from the module
 * becomes a name already imported for `member`, or else the module reference (with its
 * import when the file lacks one), so the fix never uses a name the file does not bind.
 */
export function memberCalleeEdits(callee: Node, module: string, member: string, context: PythonContext): TextEdit[] {
  const attribute = callee.type === 'attribute' ? callee.childForFieldName('attribute') : null;
  if (attribute) return [context.replace(attribute, member)];
  for (const [local, target] of context.imports.bindings) {
    if (target === `${module}.${member}` && !context.isLocallyBound(local)) return [context.replace(callee, local)];
  }
  const { reference, edits } = context.moduleReference(module);
  return [context.replace(callee, `${reference}.${member}`), ...edits];
}
