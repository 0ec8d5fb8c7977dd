import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { keywordArgument, positionalArguments } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { ABSOLUTE_DEADLINE_CALLS, type AbsoluteDeadlineCall, LIBRARY_CLOCK } from './support/deadlines';
import { quoted } from './support/messages';
import { memberCalleeEdits } from './support/module-member';
import { numericConstant } from './support/numbers';

/** The deadline argument and whether it was passed positionally. */
function deadlineOf(call: Node, spec: AbsoluteDeadlineCall): { value: Node; positional: boolean } | undefined {
  const named = keywordArgument(call, spec.keyword);
  if (named) return { value: named, positional: false };
  const value = spec.position === undefined ? undefined : positionalArguments(call)[spec.position];
  return value ? { value, positional: true } : undefined;
}

/** `trio.fail_after` -> module `trio`, member `fail_after`. */
function splitName(qualified: string): { module: string; member: string } {
  const dot = qualified.lastIndexOf('.');
  return { module: qualified.slice(0, dot), member: qualified.slice(dot + 1) };
}

/** What to write instead, for the message. */
function advice(name: string, spec: AbsoluteDeadlineCall, value: string): string {
  const clock = LIBRARY_CLOCK[spec.library].reading;
  if (spec.relative !== undefined) return `for a delay use \`${spec.relative}(${value})\`, or add the delay to \`${clock}\``;
  if (name === 'trio.CancelScope') return `for a delay pass \`relative_deadline=${value}\` (trio 0.27+), or add the delay to \`${clock}\``;
  return `for a delay use \`${spec.library}.move_on_after(${value})\`, or add the delay to \`${clock}\``;
}

/**
 * Unsafe: renames the call to its relative form (`fail_at` -> `fail_after`), keeping the
 * arguments. Offered when the deadline is passed positionally, where the relative form takes
 * the delay in the same slot.
 */
function relativeFix(call: Node, spec: AbsoluteDeadlineCall, positional: boolean, context: PythonContext): Fix[] {
  const callee = call.childForFieldName('function');
  if (!callee || !positional || spec.relative === undefined) return [];
  const { module, member } = splitName(spec.relative);
  return [{ title: `Use '${spec.relative}()', which takes a delay from now`, safe: false, edits: memberCalleeEdits(callee, module, member, context) }];
}

// The libraries' clocks start at an arbitrary point (trio's at a random one), so a constant
// absolute deadline has already passed, or lies hours away, depending on the process.
export const constantDeadline: Rule = {
  meta: {
    id: 'constant-deadline',
    title: 'Absolute deadline given as a constant',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC125'],
    checklist: 'deadlines-meaningful',
    fixable: true,
    docs: {
      summary:
        'Finds absolute deadlines written as numbers: trio\'s `fail_at(10)`, `move_on_at(10)` and `sleep_until(10)`, ' +
        '`CancelScope(deadline=10)` in trio and AnyIO, AnyIO\'s `sleep_until(10)`, and asyncio\'s (or the ' +
        '`async_timeout` package\'s) `timeout_at(10)`.',
      why:
        'These calls take a time on the library\'s clock (`trio.current_time()`, `anyio.current_time()`, ' +
        '`loop.time()`), not a number of seconds, and those clocks start at an arbitrary point: trio deliberately ' +
        'starts its clock at a large random value, and asyncio\'s is the system\'s monotonic clock, whose starting ' +
        'point is unspecified (often the last boot). A constant deadline has therefore usually passed already, so the ' +
        'scope cancels at once, or it lies at a moment that depends on the machine. The author almost always meant a ' +
        'delay.',
      fix:
        'Use the relative form: `fail_after(10)`, `move_on_after(10)`, `sleep(10)`, `asyncio.timeout(10)`, ' +
        '`CancelScope(relative_deadline=10)` on trio 0.27+, or `anyio.move_on_after(10)` for AnyIO\'s `CancelScope`. ' +
        'To keep an absolute deadline, compute it from the clock: `trio.current_time() + 10`, ' +
        '`asyncio.get_running_loop().time() + 10`.',
      examples: {
        python: {
          bad: 'import trio\n\n\nasync def fetch(client, url):\n    with trio.move_on_at(30):\n        return await client.get(url)',
          good: 'import trio\n\n\nasync def fetch(client, url):\n    with trio.move_on_after(30):\n        return await client.get(url)',
        },
      },
      fixSafety:
        'Unsafe, offered as a suggestion only: the number becomes a delay from now, which is almost always what was ' +
        'meant but changes when the scope fires. It renames the call to its relative form (`fail_at` -> `fail_after`, `move_on_at` -> ' +
        '`move_on_after`, `sleep_until` -> `sleep`, `timeout_at` -> `timeout`), spelled the way the file reaches the ' +
        'module, and keeps the arguments. Not offered when the deadline is passed by keyword (the relative form names ' +
        'its parameter differently) nor for `CancelScope(deadline=...)`.',
      notes:
        'A constant is a number literal or arithmetic on number literals (`7 * 3 + 2`); names are not followed, even ' +
        'all-caps or `Final` ones, as in flake8-async. Besides the calls flake8-async checks (trio\'s and AnyIO\'s ' +
        '`fail_at`, `move_on_at` and `CancelScope`), this rule covers `sleep_until()` and asyncio\'s and ' +
        '`async_timeout`\'s `timeout_at()`, which take the same kind of deadline; it does not report AnyIO ' +
        '`fail_at`/`move_on_at`, which do not exist. Assignments to a scope\'s `.deadline` attribute are not checked.',
    },
  },
  python: {
    call(node, context) {
      const name = context.calleeName(node);
      const spec = name === undefined ? undefined : ABSOLUTE_DEADLINE_CALLS.get(name);
      if (name === undefined || !spec) return;
      const deadline = deadlineOf(node, spec);
      if (!deadline || numericConstant(deadline.value) === undefined) return;
      const value = quoted(deadline.value);
      const clock = LIBRARY_CLOCK[spec.library];
      context.report(
        node,
        `\`${name}()\` takes \`${value}\` as a time on ${clock.noun} (\`${clock.reading}\`), whose zero is arbitrary; ${advice(name, spec, value)}`,
        { fixes: relativeFix(node, spec, deadline.positional, context) },
      );
    },
  },
};
