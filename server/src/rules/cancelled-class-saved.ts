import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { unparenthesized } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { quoted } from './support/messages';

const GETTER = 'anyio.get_cancelled_exc_class';

/** `anyio.get_cancelled_exc_class()` (no arguments) or the function itself, however it is imported. */
function isCancelledClassValue(value: Node, context: PythonContext): boolean {
  const expression = unparenthesized(value);
  if (expression.type !== 'call') return context.qualifiedName(expression) === GETTER;
  const argumentCount = expression.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length;
  return argumentCount === 0 && context.calleeName(expression) === GETTER;
}

function checkSaved(value: Node | null, target: Node | null, context: PythonContext): void {
  if (!value || !target || !isCancelledClassValue(value, context)) return;
  const call = unparenthesized(value).type === 'call' ? quoted(value) : `${quoted(value)}()`;
  context.report(
    value,
    `\`${quoted(value)}\` is stored in \`${quoted(target)}\`; call \`${call}\` where the class is needed, so it answers for ` +
      'the running backend and linters see the cancellation',
  );
}

// The cancellation class belongs to the backend running at the call; stored, it goes stale
// (or fails at import time) and hides the cancellation from every check that reads `except`.
export const cancelledClassSaved: Rule = {
  meta: {
    id: 'cancelled-class-saved',
    title: 'AnyIO cancellation class stored in a variable',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC118'],
    checklist: 'cancellation-propagates',
    fixable: false,
    docs: {
      summary:
        'Finds `anyio.get_cancelled_exc_class()`, or the function itself, assigned to a variable or attribute, and ' +
        '`get_cancelled_exc_class` imported from `anyio` under another name.',
      why:
        'The function returns the cancellation class of the backend running when it is called. Called at import ' +
        'time, with no event loop running, it raises; a value kept from one run is wrong under another backend (a ' +
        'library used from both asyncio and trio). A stored class also hides the cancellation: `except cancelled:` ' +
        'no longer says it catches cancellation, so the checks for swallowed cancellation and unshielded cleanup ' +
        'cannot see the handler.',
      fix:
        'Call it where the class is needed: `except anyio.get_cancelled_exc_class():`, ' +
        '`isinstance(exc, anyio.get_cancelled_exc_class())`. Import it under its own name, if by name.',
      examples: {
        python: {
          bad:
            'import anyio\n\nCancelled = anyio.get_cancelled_exc_class()\n\nasync def worker(job):\n    try:\n' +
            '        await job.run()\n    except Cancelled:\n        job.mark_stopped()\n        raise',
          good:
            'import anyio\n\nasync def worker(job):\n    try:\n        await job.run()\n' +
            '    except anyio.get_cancelled_exc_class():\n        job.mark_stopped()\n        raise',
        },
      },
      notes:
        'Plain and annotated assignments are reported wherever they are (module, class or function), to any target, ' +
        'as in flake8-async, and so are `:=` assignments. The function must be AnyIO\'s through the module\'s imports ' +
        '(flake8-async matches the spelling `get_cancelled_exc_class` whatever it is bound to, and misses ' +
        '`import anyio as aio`). An import alias that keeps the name is not reported.',
    },
  },
  python: {
    assignment(node, context) {
      checkSaved(node.childForFieldName('right'), node.childForFieldName('left'), context);
    },
    named_expression(node, context) {
      checkSaved(node.childForFieldName('value'), node.childForFieldName('name'), context);
    },
    import_from_statement(node, context) {
      if (node.childForFieldName('module_name')?.text !== 'anyio') return;
      for (const name of node.childrenForFieldName('name')) {
        if (name?.type !== 'aliased_import' || name.childForFieldName('name')?.text !== 'get_cancelled_exc_class') continue;
        const alias = name.childForFieldName('alias');
        if (!alias || alias.text === 'get_cancelled_exc_class') continue;
        context.report(
          name,
          `\`get_cancelled_exc_class\` is imported as \`${alias.text}\`, which linters do not know as the cancellation class; ` +
            'import it under its own name',
        );
      }
    },
  },
};
