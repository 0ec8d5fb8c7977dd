import type { Rule } from '../engine/rule';
import { hasSplatArguments, keywordArgument, positionalArguments } from '../engine/python/syntax';
import { executorClass } from './support/executors';

const ASYNC_LIBRARIES = ['asyncio', 'anyio', 'trio'];

// The default size follows the machine, not the work: the same code gets 6 threads on a laptop and 32 on a server.
export const executorUnbounded: Rule = {
  meta: {
    id: 'executor-unbounded',
    title: 'ThreadPoolExecutor without max_workers',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: false,
    aliases: [],
    checklist: 'executors-shared',
    fixable: false,
    docs: {
      summary: 'Finds `ThreadPoolExecutor()` created without `max_workers` in modules that use asyncio, AnyIO or trio.',
      why:
        'Without `max_workers` the pool sizes itself from the CPU count: `min(32, os.cpu_count() + 4)` threads ' +
        'since Python 3.8 (`os.process_cpu_count()` from 3.13). That number says nothing about the work. Blocking ' +
        'calls offloaded from async code are usually I/O against something with its own limit (a database pool ' +
        'of 10 connections, an API that allows 5 concurrent requests), and the same code runs 6 threads on a ' +
        'two-core laptop but 32 on a large server, or in a container whose CPU quota the count does not reflect. ' +
        'The overflow shows up as timeouts and "too many connections" errors, and only in production.',
      fix: 'Pass `max_workers=` sized for the work and the services it calls, and keep one such pool for the whole application.',
      examples: {
        python: {
          bad: 'import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n\nreport_pool = ThreadPoolExecutor()',
          good:
            'import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n\n' +
            '# The reporting database accepts 8 connections.\nreport_pool = ThreadPoolExecutor(max_workers=8)',
        },
      },
      notes:
        'Off by default: the default size is reasonable for many programs, and the rule is a prompt to choose ' +
        'one deliberately. `ProcessPoolExecutor()` is left alone: its default, one process per CPU, already ' +
        'matches CPU-bound work. Modules that import no async library are not checked.',
    },
  },
  python: {
    call(node, context) {
      if (executorClass(node, context) !== 'ThreadPoolExecutor') return;
      if (positionalArguments(node).length > 0 || keywordArgument(node, 'max_workers') || hasSplatArguments(node)) return;
      if (!ASYNC_LIBRARIES.some((library) => context.imports.modules.has(library))) return;
      context.report(
        node,
        `${node.childForFieldName('function')!.text}() without max_workers sizes itself from the CPU count, not from the work; ` +
          'pass max_workers= to bound how many threads it runs',
      );
    },
  },
};
