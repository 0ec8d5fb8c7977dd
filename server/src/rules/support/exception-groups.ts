// Which expressions name the exception group classes: the builtins of Python 3.11+ and the
// `exceptiongroup` backport that older versions import (often under `sys.version_info` checks).
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { builtinName } from './builtins';

const GROUP_CLASSES = new Set(['ExceptionGroup', 'BaseExceptionGroup']);

const BACKPORT = 'exceptiongroup.';

/**
 * `ExceptionGroup` or `BaseExceptionGroup` when the expression names that class: the builtin
 * (not shadowed by the module, or as `builtins.ExceptionGroup`) or the backport's, however it
 * is imported (`exceptiongroup.ExceptionGroup`, `from exceptiongroup import ExceptionGroup as EG`).
 */
export function exceptionGroupClass(expression: Node, context: PythonContext): string | undefined {
  const builtin = builtinName(expression, context);
  if (builtin !== undefined) return GROUP_CLASSES.has(builtin) ? builtin : undefined;
  const qualified = context.qualifiedName(expression);
  const member = qualified?.startsWith(BACKPORT) ? qualified.slice(BACKPORT.length) : undefined;
  return member !== undefined && GROUP_CLASSES.has(member) ? member : undefined;
}
