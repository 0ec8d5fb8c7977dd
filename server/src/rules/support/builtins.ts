// Which builtin a name stands for, when the module has not taken the name for something else.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';

/**
 * The builtin an expression names, without the `builtins.` prefix: a plain name the module
 * neither imports nor defines (`BaseException`, `ExceptionGroup`), or `builtins.<name>`.
 * Whether such a builtin exists is for the caller to compare.
 */
export function builtinName(expression: Node, context: PythonContext): string | undefined {
  const qualified = context.qualifiedName(expression);
  if (qualified?.startsWith('builtins.')) {
    const name = qualified.slice('builtins.'.length);
    return name.includes('.') ? undefined : name;
  }
  const free = expression.type === 'identifier' && qualified === undefined && !context.symbols.moduleNames.has(expression.text);
  return free ? expression.text : undefined;
}

/** The builtin a call's plain-name callee stands for (`len(x)`), unless the module or the function rebinds the name. */
export function builtinCallee(call: Node, context: PythonContext): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || context.isLocallyBound(callee.text)) return undefined;
  return builtinName(callee, context);
}
