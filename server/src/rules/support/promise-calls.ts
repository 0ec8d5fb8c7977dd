// Why a call returns a promise, judged from syntax, this file's declarations and what the
// project index knows of imported functions (no type checker): shared by the TS/JS rules that
// need to recognise promises.
import ts from 'typescript';
import type { TypeScriptContext } from '../../engine/typescript/context';
import { isShadowed, localFunction, returnsPromise, thisClassSymbols } from '../../engine/typescript/symbols';
import { skipParentheses as unwrap, unwrapExpression } from '../../engine/typescript/syntax';
import { isImportedPromiseFunction } from './imported-promises';

/** Static `Promise` methods that return a promise. */
const PROMISE_STATICS = new Set(['all', 'allSettled', 'any', 'race', 'resolve', 'reject', 'try']);
/** Known promise-returning APIs, by qualified name or module prefix. */
const PROMISE_APIS = new Set(['fetch', 'timers/promises.setTimeout', 'timers/promises.setImmediate']);
const PROMISE_MODULES = ['fs/promises.', 'fs.promises.', 'dns/promises.', 'stream/promises.', 'readline/promises.'];

export function isKnownPromiseApi(name: string): boolean {
  if (PROMISE_APIS.has(name)) return true;
  if (name.startsWith('Promise.')) return PROMISE_STATICS.has(name.slice('Promise.'.length));
  return PROMISE_MODULES.some((prefix) => name.startsWith(prefix));
}

/**
 * Why a call returns a promise (a message naming the callee, phrased for an unhandled promise),
 * or undefined when syntax, this file's declarations and the project index cannot tell.
 */
export function promiseCallReason(call: ts.CallExpression, context: TypeScriptContext): string | undefined {
  const callee = unwrap(call.expression);
  if ((ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) && returnsPromise(callee)) {
    return 'This async function expression is called immediately and its promise is dropped';
  }
  if (ts.isIdentifier(callee)) {
    // A function declared in an enclosing block decides; a nearer non-function binding hides the top level.
    const local = localFunction(call, callee.text);
    if (local !== undefined) return local && returnsPromise(local) ? `'${callee.text}()' returns a promise that is neither awaited nor handled` : undefined;
    if (context.symbols.promiseFunctions.has(callee.text) && !context.bindings.has(callee.text) && !isShadowed(callee.text, call)) {
      return `'${callee.text}()' returns a promise that is neither awaited nor handled`;
    }
  }
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    if (thisClassSymbols(call)?.promiseMethods.has(callee.name.text)) {
      return `'this.${callee.name.text}()' returns a promise that is neither awaited nor handled`;
    }
  }
  const qualified = context.qualifiedName(callee);
  if ((qualified && isKnownPromiseApi(qualified)) || isImportedPromiseFunction(callee, context)) {
    return `'${callee.getText(context.sourceFile)}()' returns a promise that is neither awaited nor handled`;
  }
  return undefined;
}

/** True for `new Promise(...)`, a known promise call, or a `.then/.catch/.finally` chain on one. */
export function isPromiseExpression(expression: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrap(expression);
  if (ts.isNewExpression(node)) return context.qualifiedName(node.expression) === 'Promise';
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrap(node.expression);
  if (ts.isPropertyAccessExpression(callee) && ['then', 'catch', 'finally'].includes(callee.name.text)) {
    return isPromiseExpression(callee.expression, context);
  }
  return promiseCallReason(node, context) !== undefined;
}

function bindsConstPromise(statements: ts.NodeArray<ts.Statement>, name: string, context: TypeScriptContext): boolean | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
          return isConst && declaration.initializer !== undefined && isPromiseExpression(declaration.initializer, context);
        }
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) {
      return false;
    }
  }
  return undefined;
}

/**
 * True when the identifier names a `const` of its own enclosing function initialised with a
 * promise expression (not awaited). Names from outer functions or the top level are not judged.
 */
export function isPromiseConstant(identifier: ts.Identifier, context: TypeScriptContext): boolean {
  const name = identifier.text;
  for (let up: ts.Node = identifier.parent; up; up = up.parent) {
    if (ts.isBlock(up) || ts.isCaseClause(up) || ts.isDefaultClause(up)) {
      const found = bindsConstPromise(up.statements, name, context);
      if (found !== undefined) return found;
    }
    if (ts.isCatchClause(up) && up.variableDeclaration?.name.getText() === name) return false;
    if ((ts.isForStatement(up) || ts.isForOfStatement(up) || ts.isForInStatement(up)) && up.initializer && ts.isVariableDeclarationList(up.initializer)) {
      if (up.initializer.declarations.some((d) => d.name.getText() === name)) return false;
    }
    if (ts.isFunctionLike(up) || ts.isSourceFile(up)) return false;
  }
  return false;
}

/** A promise expression, or an identifier for a same-function `const` holding one. */
export function isPromiseValue(expression: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) return isPromiseConstant(node, context);
  return isPromiseExpression(node, context);
}
