// Visits the Python nodes that enabled rules asked for, in document order, while keeping
// track of the function and class around each. A tree-sitter query finds them (matching
// runs inside the wasm module), which is several times faster than stepping a cursor
// through every node from JavaScript.
import { type Node, Query } from 'web-tree-sitter';
import type { Dispatcher } from '../dispatch';
import type { PythonContext } from './context';
import { pythonLanguage } from './parser';

/** Scopes, plus imports: one inside a function binds its names there (bound ahead when the function is entered). */
const STRUCTURE_TYPES = ['function_definition', 'lambda', 'class_definition', 'import_statement', 'import_from_statement'];

const IMPORT_TYPES = ['import_statement', 'import_from_statement'];

const queries = new Map<string, Query>();

function queryFor(types: readonly string[]): Query {
  const all = [...new Set([...STRUCTURE_TYPES, ...types])].sort();
  const key = all.join(' ');
  let query = queries.get(key);
  if (!query) {
    query = new Query(pythonLanguage(), `[${all.map((type) => `(${type})`).join(' ')}] @node`);
    queries.set(key, query);
  }
  return query;
}

/** Visits one top-level statement; scopes opened inside it are all closed when it ends. */
export function walkPythonStatement(statement: Node, context: PythonContext, dispatcher: Dispatcher<string, PythonContext>): void {
  const open: Array<{ endIndex: number; kind: 'function' | 'class' }> = [];
  const close = (): void => {
    if (open.pop()!.kind === 'function') context.leaveFunction();
    else context.leaveClass();
  };
  try {
    for (const { node } of queryFor(dispatcher.keys()).captures(statement)) {
      const start = node.startIndex;
      while (open.length > 0 && open[open.length - 1].endIndex <= start) close();
      const type = node.type;
      // An import inside a function binds a local name for the whole function, so handlers that
      // read a function at once (its checkpoints, its paths) already resolve through it.
      if (type === 'function_definition') for (const local of node.descendantsOfType(IMPORT_TYPES)) if (local) context.bindLocalImport(local);
      // Handlers see the node in the scope around it; its own body is entered after.
      dispatcher.dispatch(type, node, context);
      if (type === 'class_definition') {
        context.enterClass(node);
        open.push({ endIndex: node.endIndex, kind: 'class' });
      } else if (type === 'function_definition' || type === 'lambda') {
        context.enterFunction(node);
        open.push({ endIndex: node.endIndex, kind: 'function' });
      } else if ((type === 'import_statement' || type === 'import_from_statement') && open.length > 0) {
        context.bindLocalImport(node);
      }
    }
  } finally {
    while (open.length > 0) close();
    context.endStatement();
  }
}
