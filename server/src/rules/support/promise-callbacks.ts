// "Does this callback return a promise?": an async function expression, a function returning
// a promise it knows of, or a name or `this.method` that refers to one. Shared by the rules that
// judge callbacks (void callbacks, predicates, `.map` results dropped on the floor).
import ts from 'typescript';
import type { TypeScriptContext } from '../../engine/typescript/context';
import { isShadowed, localFunction, returnsPromise, thisClassSymbols } from '../../engine/typescript/symbols';
import { unwrapExpression } from '../../engine/typescript/syntax';
import { isImportedPromiseFunction } from './imported-promises';
import { isPromiseExpression } from './promise-calls';

type FunctionNode = ts.ArrowFunction | ts.FunctionExpression;

/** True for a non-async function whose result is still a promise it knows of (`() => fetch(url)`). */
function returnsKnownPromise(fn: FunctionNode, context: TypeScriptContext): boolean {
  if (!ts.isBlock(fn.body)) return isPromiseExpression(fn.body, context);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && isPromiseExpression(node.expression, context)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** The function expression an argument is, or the description of a named promise function it refers to. */
export function promiseCallback(argument: ts.Expression, context: TypeScriptContext): { fn?: ts.SignatureDeclaration; label: string } | undefined {
  const node = unwrapExpression(argument);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    if (returnsPromise(node)) return { fn: node, label: ts.isFunctionExpression(node) || hasAsync(node) ? 'this async function' : 'this function' };
    return returnsKnownPromise(node, context) ? { label: 'this function (it returns a promise)' } : undefined;
  }
  if (ts.isIdentifier(node)) {
    const name = node.text;
    const local = localFunction(node, name);
    if (local) return returnsPromise(local) ? { fn: local, label: `'${name}' (it returns a promise)` } : undefined;
    if (local === null) return undefined;
    if (context.symbols.promiseFunctions.has(name) && !context.bindings.has(name) && !isShadowed(name, node)) {
      return { label: `'${name}' (it returns a promise)` };
    }
    return isImportedPromiseFunction(node, context) ? { label: `'${name}' (it returns a promise)` } : undefined;
  }
  // `store.save`, where `store` is an imported module.
  if (ts.isPropertyAccessExpression(node) && isImportedPromiseFunction(node, context)) {
    return { label: `'${node.getText(context.sourceFile)}' (it returns a promise)` };
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    if (thisClassSymbols(node)?.promiseMethods.has(node.name.text)) return { label: `'this.${node.name.text}' (it returns a promise)` };
  }
  return undefined;
}

function hasAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}
