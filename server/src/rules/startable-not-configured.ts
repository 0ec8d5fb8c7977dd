import { isAsyncFunction, taskStatusParameter } from '../engine/python/symbols';
import type { Rule } from '../engine/rule';
import { KNOWN_STARTABLE_NAMES, isConfiguredName } from './support/startables';

// start-soon-in-aenter recognises startables of its own file by their signature; in other files
// it only knows the ones the user names in startableFunctions.
export const startableNotConfigured: Rule = {
  meta: {
    id: 'startable-not-configured',
    title: 'Startable function missing from startableFunctions',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC114'],
    checklist: 'startup-signalled',
    fixable: false,
    docs: {
      summary:
        'Finds module-level async functions and methods that take a `task_status` parameter (so they are meant to ' +
        'be started with `nursery.start()`) but are not listed in `awaitwise.python.startableFunctions`.',
      why:
        'Nothing fails because of the definition itself. But `start-soon-in-aenter` can only recognise a startable ' +
        'function started from another module if it is declared: without the entry, ' +
        '`self._nursery.start_soon(serve_admin)` in another file\'s `__aenter__` goes unreported, and that context ' +
        'manager hands out a service before it is ready.',
      fix:
        'Add the function to `awaitwise.python.startableFunctions` (or the CLI\'s `--startable-functions`): by name ' +
        '(`serve_admin`, matching any function or method of that name) or by dotted name (`myapp.admin.serve_admin`, ' +
        'matching that function wherever it is imported).',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def serve_admin(handler, port, *, task_status=trio.TASK_STATUS_IGNORED):\n' +
            '    listeners = await trio.open_tcp_listeners(port)\n    task_status.started(listeners)\n' +
            '    await trio.serve_listeners(handler, listeners)',
          good:
            '# Either list serve_admin in awaitwise.python.startableFunctions, or, if nothing needs to wait for it,\n' +
            '# drop task_status:\nimport trio\n\nasync def serve_admin(handler, port):\n' +
            '    listeners = await trio.open_tcp_listeners(port)\n    await trio.serve_listeners(handler, listeners)',
        },
      },
      notes:
        'As in flake8-async, a `task_status` that is positional-only, `*task_status` or `**task_status` does not ' +
        'count, plain `def` functions are not checked, and functions named like the ones recognised without ' +
        'configuration (`serve`, `run_process`, `serve_tcp`, `serve_ssl_over_tcp`, `serve_listeners`) are left ' +
        'alone. A dotted entry counts for a definition whose name is its last segment. Unlike flake8-async, ' +
        'functions defined inside another function are left alone: no other module can name them, and ' +
        '`start-soon-in-aenter` already recognises startable functions of their own file. For that reason the ' +
        'finding is informational: it matters only for functions that other modules start.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name');
      if (!name || context.currentFunction !== undefined || !isAsyncFunction(node) || !taskStatusParameter(node)) return;
      if (KNOWN_STARTABLE_NAMES.has(name.text) || isConfiguredName(name.text, context)) return;
      context.report(
        name,
        `Startable function \`${name.text}\` is not in \`awaitwise.python.startableFunctions\`; add it so ` +
          '`start-soon-in-aenter` can check where other modules start it',
      );
    },
  },
};
