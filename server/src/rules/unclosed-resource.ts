import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';
import { ancestors, isAwaited, nameBindings, namesRead, targetNames } from '../engine/python/syntax';
import { importedCallee } from './support/instances';
import { CLOSABLE_RESOURCES, CLOSE_METHODS, type ClosableResource } from './support/resources';

const NESTED_SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const CLEANUP_CLAUSES = new Set(['finally_clause', 'except_clause', 'except_group_clause']);

/** The outermost parentheses around an expression, or the expression itself. */
function unparenthesized(node: Node): Node {
  let outer = node;
  while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  return outer;
}

/** How the code uses one read of the resource's name. */
type Use = { kind: 'close'; call: Node } | { kind: 'use' } | { kind: 'escape' };

function useOf(read: Node): Use {
  const parent = read.parent;
  if (parent?.type !== 'attribute' || !parent.childForFieldName('object')?.equals(read)) return { kind: 'escape' };
  const method = parent.childForFieldName('attribute')?.text ?? '';
  const call = parent.parent;
  const called = call?.type === 'call' && call.childForFieldName('function')?.equals(parent);
  // `stack.push_async_callback(session.close)` hands the closing to someone else.
  if (CLOSE_METHODS.has(method)) return called ? { kind: 'close', call: call! } : { kind: 'escape' };
  // `__aenter__()` and other protocol methods mean hand-written context management.
  return method.startsWith('__') ? { kind: 'escape' } : { kind: 'use' };
}

/**
 * Whether the resource bound to `name` in `fn` is closed: 'never', only on the path where
 * nothing raises (with that close call), or 'handled' when it is closed in a `finally` or
 * `except`, or escapes (returned, yielded, stored, passed on, entered with `with`, captured
 * by a nested function, bound a second time): then someone else may close it.
 */
function closing(fn: Node, name: string): { kind: 'never' } | { kind: 'success-only'; close: Node } | { kind: 'handled' } {
  const body = fn.childForFieldName('body');
  const parameters = fn.childForFieldName('parameters');
  if (!body || parameters?.descendantsOfType('identifier').some((identifier) => identifier?.text === name)) return { kind: 'handled' };
  if (nameBindings(body).filter(({ target }) => target.text === name).length !== 1) return { kind: 'handled' };
  const captured = body
    .descendantsOfType('identifier')
    .some((identifier) => identifier?.text === name && [...ancestors(identifier, fn)].some((up) => NESTED_SCOPE_TYPES.has(up.type)));
  if (captured) return { kind: 'handled' };
  const closes: Node[] = [];
  for (const read of namesRead(body)) {
    if (read.text !== name) continue;
    const use = useOf(read);
    if (use.kind === 'escape') return { kind: 'handled' };
    if (use.kind === 'close') closes.push(use.call);
  }
  if (closes.length === 0) return { kind: 'never' };
  const inCleanup = (close: Node) => [...ancestors(close, fn)].some((up) => CLEANUP_CLAUSES.has(up.type));
  return closes.some(inCleanup) ? { kind: 'handled' } : { kind: 'success-only', close: closes[0] };
}

/** The name the resource is kept in, when the call's value is assigned to a plain local name. */
function boundName(opened: Node, resource: ClosableResource): Node | undefined {
  const assignment = opened.parent;
  if (assignment?.type !== 'assignment' || !assignment.childForFieldName('right')?.equals(opened)) return undefined;
  const left = assignment.childForFieldName('left')!;
  if (!resource.writerPair) return left.type === 'identifier' ? left : undefined;
  // `reader, writer = await asyncio.open_connection(...)`: the writer owns the socket.
  const names = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? targetNames(left) : [];
  return names.length === 2 && left.namedChildCount === 2 ? names[1] : undefined;
}

/** `await aiohttp.ClientSession().get(url)`, or a bare statement: nothing is left to close it with. */
function isDropped(opened: Node): boolean {
  const holder = opened.parent;
  if (holder?.type === 'expression_statement') return true;
  if (holder?.type !== 'attribute' || !holder.childForFieldName('object')?.equals(opened)) return false;
  return !CLOSE_METHODS.has(holder.childForFieldName('attribute')?.text ?? '');
}

function howToClose(resource: ClosableResource, callee: string): string {
  return resource.entered
    ? `open it with '${resource.entered} ${callee}(...)' so it is closed on every path`
    : "close it in a 'finally' block so it is closed on every path";
}

// --- TypeScript / JavaScript ----------------------------------------------------------

/** Calls that open a `FileHandle`. */
const FILE_HANDLE_OPENERS = new Set(['fs/promises.open', 'fs.promises.open']);

type HandleUse = 'closed-safely' | 'closed' | 'escapes' | 'used';

/** How one read of the handle's name treats it. */
function handleUse(identifier: ts.Identifier, scope: ts.Node): HandleUse {
  for (let up: ts.Node = identifier.parent; up !== scope; up = up.parent) {
    if (ts.isFunctionLike(up)) return 'escapes'; // captured by a callback this rule cannot follow
  }
  let node: ts.Node = identifier;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
    const method = ts.isPropertyAccessExpression(parent) ? parent.name.text : undefined;
    if (method === 'close' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      for (let up: ts.Node = parent; up !== scope; up = up.parent) {
        const container = up.parent;
        if (ts.isTryStatement(container) && container.finallyBlock === up) return 'closed-safely';
        if (ts.isCatchClause(up)) return 'closed-safely';
      }
      return 'closed';
    }
    return 'used';
  }
  return 'escapes';
}

function checkFileHandle(declaration: ts.VariableDeclaration, context: TypeScriptContext): void {
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || list.flags & ts.NodeFlags.Using) return;
  const awaited = unwrapExpression(declaration.initializer);
  if (!ts.isAwaitExpression(awaited)) return;
  const call = unwrapExpression(awaited.expression);
  if (!ts.isCallExpression(call) || !FILE_HANDLE_OPENERS.has(context.calleeName(call) ?? '')) return;
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isFunctionLike(scope)) scope = scope.parent;
  if (!scope) return; // a module-level handle lives as long as the process
  const name = declaration.name.text;
  const uses: HandleUse[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
      if ((ts.isPropertyAssignment(parent) || ts.isBindingElement(parent)) && parent.name === node) return;
      if (ts.isVariableDeclaration(parent) && parent.name === node) {
        uses.push('escapes'); // the name is bound twice: too ambiguous to follow
        return;
      }
      if (ts.isBinaryExpression(parent) && parent.left === node) {
        uses.push('escapes');
        return;
      }
      uses.push(handleUse(node, scope!));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  if (uses.includes('escapes') || uses.includes('closed-safely')) return;
  const message = uses.includes('closed')
    ? `'${name}' is closed only when nothing throws; close the FileHandle in a \`finally\` block or declare it with \`await using\``
    : `'${name}' is a FileHandle that is never closed; close it in a \`finally\` block or declare it with \`await using\``;
  context.report(declaration.name, message);
}

// A session, pool, connection or file left open holds sockets or descriptors until garbage
// collection, and asyncio warns "Unclosed client session" (or worse, never says anything).
export const unclosedResource: Rule = {
  meta: {
    id: 'unclosed-resource',
    title: 'Async resource opened without being closed',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'resources-closed',
    fixable: false,
    docs: {
      summary:
        'Finds HTTP sessions, connections, pools, streams and async files opened in an `async def` without ' +
        '`async with` and kept in a local variable that is never closed, or closed only on the path where nothing ' +
        'raises. Covers `aiohttp.ClientSession()`, `httpx.AsyncClient()`, `redis.asyncio.Redis()`, ' +
        '`asyncpg.connect()` / `create_pool()`, `aiofiles.open()`, `anyio.open_file()`, `anyio.connect_tcp()`, ' +
        '`trio.open_file()`, `trio.open_tcp_stream()` and the writer of `asyncio.open_connection()`. In TypeScript ' +
        'and JavaScript: a `FileHandle` from `await open(...)` (`fs/promises`, `fs.promises`) kept in a local ' +
        'variable that is not closed in `finally` nor declared with `await using`.',
      why:
        'An unclosed resource keeps its sockets, pooled connections or file descriptor until the garbage collector ' +
        'finds it, which may be never in a long-lived process: the server runs out of file descriptors or database ' +
        'connections under load, and aiohttp prints "Unclosed client session" at exit. A close that only runs when ' +
        'everything succeeds leaks on every error, which is exactly when retries pile up. Node warns when it closes ' +
        'a leaked `FileHandle` during garbage collection, and says that this will become an error.',
      fix:
        'Open the resource with `async with` (`async with aiohttp.ClientSession() as session:`), which closes it ' +
        'however the block exits. For objects that are not context managers (`asyncpg.connect()`, the stream writer ' +
        'of `asyncio.open_connection()`), close them in a `finally` block. A resource that should outlive the ' +
        'function belongs to an owner that closes it: an application lifespan, a fixture, a class with `aclose()`. ' +
        'In TypeScript and JavaScript, declare the handle with `await using` (Node 20.4+ / TypeScript 5.2+) or call ' +
        '`await handle.close()` in a `finally` block.',
      examples: {
        python: {
          bad:
            'import aiohttp\n\n\nasync def fetch_status(url):\n    session = aiohttp.ClientSession()\n' +
            '    async with session.get(url) as response:\n        return response.status',
          good:
            'import aiohttp\n\n\nasync def fetch_status(url):\n    async with aiohttp.ClientSession() as session:\n' +
            '        async with session.get(url) as response:\n            return response.status',
        },
        typescript: {
          bad:
            'import { open } from "node:fs/promises";\n\nexport async function firstLine(path: string) {\n' +
            '  const file = await open(path);\n  for await (const line of file.readLines()) return line;\n  return undefined;\n}',
          good:
            'import { open } from "node:fs/promises";\n\nexport async function firstLine(path: string) {\n' +
            '  const file = await open(path);\n  try {\n    for await (const line of file.readLines()) return line;\n' +
            '    return undefined;\n  } finally {\n    await file.close();\n  }\n}',
        },
      },
      notes:
        'Precision comes first: the resource is followed only while it lives in one local name that is used through ' +
        'its methods. Returning or yielding it (a factory, a pytest fixture), storing it on `self` or in a container, ' +
        'passing it to any call (`stack.enter_async_context(...)`), entering it with `async with`, capturing it in a ' +
        'nested function or binding the name twice all hand it to code this rule cannot follow, and silence it. ' +
        'Module-level and `self.` sessions are long-lived by design and are not reported. A close inside an ' +
        '`except` handler counts as handled, like one in `finally`. The TypeScript and JavaScript detector follows ' +
        'the same line for `FileHandle`s: a handle held by `await using`, returned, passed to a call, stored, ' +
        'captured by a callback or assigned again is left alone, and a `close()` in `catch` counts like one in ' +
        '`finally`. Module-level handles are not reported.',
    },
  },
  typescript: {
    [ts.SyntaxKind.VariableDeclaration](node, context) {
      checkFileHandle(node as ts.VariableDeclaration, context);
    },
  },
  python: {
    call(node, context) {
      const factory = importedCallee(node, context, (qualified) => CLOSABLE_RESOURCES.has(qualified));
      const frame = context.currentFunction;
      if (factory === undefined || frame?.kind !== 'async') return;
      const resource = CLOSABLE_RESOURCES.get(factory)!;
      if (resource.needsAwait && !isAwaited(node)) return;
      const opened = unparenthesized(isAwaited(node) ? node.parent! : node);
      const callee = node.childForFieldName('function')!.text;
      if (isDropped(opened)) {
        const instead = resource.entered
          ? `open it with '${resource.entered} ${callee}(...)' and use it inside the block`
          : "keep it in a variable and close it in a 'finally' block";
        context.report(node, `'${callee}()' is never closed, since no reference to it is kept; ${instead}`);
        return;
      }
      const name = boundName(opened, resource);
      if (!name) return;
      const state = closing(frame.node, name.text);
      const subject = resource.writerPair ? `The writer '${name.text}' from '${callee}()'` : `'${name.text}' from '${callee}()'`;
      if (state.kind === 'never') {
        context.report(node, `${subject} is never closed; ${howToClose(resource, callee)}`);
      } else if (state.kind === 'success-only') {
        context.report(node, `${subject} is closed only if nothing raises first; ${howToClose(resource, callee)}`, {
          related: [{ range: context.rangeOf(state.close), message: 'Closed here, on the path without errors only' }],
        });
      }
    },
  },
};
