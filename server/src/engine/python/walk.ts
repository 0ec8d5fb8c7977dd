// One depth-first pass over a Python tree, dispatching each node to the rules that asked
// for its type, while keeping track of the function and class it sits in.
import type { Tree } from 'web-tree-sitter';
import type { Dispatcher } from '../dispatch';
import type { PythonContext } from './context';

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);

export function walkPython(tree: Tree, context: PythonContext, dispatcher: Dispatcher<string, PythonContext>): void {
  const cursor = tree.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      const isFunction = FUNCTION_TYPES.has(type);
      const isClass = type === 'class_definition';
      if (isFunction || isClass || dispatcher.wants(type)) {
        const node = cursor.currentNode;
        // Handlers see the node in the scope around it; its own body is entered below.
        dispatcher.dispatch(type, node, context);
        if (isFunction) context.enterFunction(node);
        if (isClass) context.enterClass(node);
      }
      if (cursor.gotoFirstChild()) continue;
      for (;;) {
        const leaving = cursor.nodeType;
        if (FUNCTION_TYPES.has(leaving)) context.leaveFunction();
        else if (leaving === 'class_definition') context.leaveClass();
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}
