import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { descendantsInScope, isAsyncStatement } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { TIMEOUT_SCOPES, TIMEOUT_WRAPPERS } from './support/scopes';

const CALL = new Set(['call']);

/** How callers of each library put a deadline on a call. */
const CALLER_SCOPE: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: '`async with asyncio.timeout(...)`',
  anyio: '`with anyio.fail_after(...)` or `anyio.move_on_after(...)`',
  trio: '`with trio.fail_after(...)` or `trio.move_on_after(...)`',
};

const SPLAT_PARAMETERS = new Set(['list_splat_pattern', 'dictionary_splat_pattern']);

/** The name a parameter declares (`timeout` in `timeout: float = 5`); none for `*args` and `**kwargs`. */
function parameterName(parameter: Node): Node | undefined {
  if (SPLAT_PARAMETERS.has(parameter.type)) return undefined;
  const name = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.firstNamedChild);
  return name?.type === 'identifier' ? name : undefined;
}

/** A method of a class with base classes may be keeping the signature of the method it overrides. */
function isMethodOfDerivedClass(fn: Node): boolean {
  const classBody = fn.parent;
  const owner = classBody?.type === 'block' ? classBody.parent : null;
  if (owner?.type !== 'class_definition') return false;
  const bases = owner.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => base !== null && base.type !== 'keyword_argument' && base.type !== 'comment' && base.text !== 'object');
}

/**
 * True when the body hands `timeout` unchanged to a call that is not itself a timeout scope:
 * the function wraps an API whose own timeout parameter it mirrors (an HTTP client's, a
 * lock's, a protocol's), which a cancel scope around the call would not replace.
 */
function forwardsTimeout(body: Node, context: PythonContext): boolean {
  return descendantsInScope(body, CALL).some((call) => {
    const callee = context.calleeName(call);
    if (callee !== undefined && (TIMEOUT_SCOPES.has(callee) || TIMEOUT_WRAPPERS.has(callee))) return false;
    return (call.childForFieldName('arguments')?.namedChildren ?? []).some((argument) => {
      const value = argument?.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
      return value?.type === 'identifier' && value.text === 'timeout';
    });
  });
}

// Structured concurrency keeps deadlines with the caller: one scope bounds everything inside it.
export const timeoutParameter: Rule = {
  meta: {
    id: 'timeout-parameter',
    title: 'Async function takes a timeout parameter',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC109'],
    checklist: 'timeouts-everywhere',
    fixable: false,
    docs: {
      summary:
        'Finds `async def` functions that take a parameter named `timeout`, unless they only hand it on to an API ' +
        'that takes one.',
      why:
        'A timeout parameter makes every async function reinvent deadlines, and they do not compose: a caller with ' +
        'ten seconds left cannot pass that budget through three layers that each take a `timeout` and start their ' +
        'own clock, and code written without one cannot be bounded at all. A cancel scope at the call site ' +
        '(`asyncio.timeout()`, `fail_after()`, `move_on_after()`) bounds everything inside it, nested calls included, ' +
        'and cancels them cleanly when it expires.',
      fix:
        'Remove the parameter and the timeout handling inside, and let callers wrap the call: ' +
        '`async with asyncio.timeout(5): await fetch(url)`, or `with trio.fail_after(5):` / `with anyio.fail_after(5):`.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def fetch(url, timeout=10):\n    async with asyncio.timeout(timeout):\n        return await download(url)\n\n' +
            'async def main():\n    await fetch(URL, timeout=2)',
          good:
            'import asyncio\n\nasync def fetch(url):\n    return await download(url)\n\n' +
            'async def main():\n    async with asyncio.timeout(2):\n        await fetch(URL)',
        },
      },
      notes:
        'Left alone: functions that pass `timeout` straight on to another call that takes one (`session.get(url, ' +
        'timeout=timeout)`, `lock.acquire(timeout=timeout)`), since they mirror an API whose own timeout parameter a ' +
        'scope would not replace; passing it to `asyncio.timeout()`, `asyncio.wait_for()` or a trio or AnyIO scope ' +
        'does not count, as that is the case the rule is about. Also left alone: decorated functions, whose ' +
        'signature often belongs to a framework (a web route\'s query parameter, a CLI option), as in flake8-async; ' +
        'methods of classes with base classes, which may keep the signature of the method they override; and, as ' +
        'in Ruff, asyncio code targeting Python before 3.11, which has no `asyncio.timeout()`. Only the name ' +
        '`timeout` is checked.',
    },
  },
  python: {
    function_definition(node, context) {
      if (!isAsyncStatement(node) || node.parent?.type === 'decorated_definition' || isMethodOfDerivedClass(node)) return;
      if (context.library === 'asyncio' && !context.atLeast(3, 11)) return;
      const timeout = node
        .childForFieldName('parameters')
        ?.namedChildren.map((parameter) => (parameter ? parameterName(parameter) : undefined))
        .find((name) => name?.text === 'timeout');
      const body = node.childForFieldName('body');
      if (!timeout || !body || forwardsTimeout(body, context)) return;
      context.report(
        timeout,
        `Async function takes a \`timeout\` parameter; let callers bound the call with ${CALLER_SCOPE[context.library]} instead`,
      );
    },
  },
};
