// A depth-first pass over a TypeScript statement, dispatching each node to the rules that asked
// for its kind, while keeping track of the function it sits in. Iterative, so deeply nested
// code cannot overflow the stack.
import ts from 'typescript';
import type { Dispatcher } from '../dispatch';
import { type TypeScriptContext, isFunctionLike } from './context';

const LEAVE = Symbol('leave');

/** Visits one top-level statement and everything inside it. */
export function walkTypeScriptStatement(
  statement: ts.Statement,
  context: TypeScriptContext,
  dispatcher: Dispatcher<ts.SyntaxKind, TypeScriptContext>,
): void {
  const stack: Array<ts.Node | typeof LEAVE> = [];
  const pushChildren = (node: ts.Node): void => {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  };
  stack.push(statement);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item === LEAVE) {
      context.leaveFunction();
      continue;
    }
    if (dispatcher.wants(item.kind)) dispatcher.dispatch(item.kind, item, context);
    if (isFunctionLike(item)) {
      context.enterFunction(item);
      stack.push(LEAVE);
    }
    pushChildren(item);
  }
}
