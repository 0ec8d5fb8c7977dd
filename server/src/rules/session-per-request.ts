import type { Node } from 'web-tree-sitter';
import type { Rule } from '../engine/rule';
import { namesRead } from '../engine/python/syntax';
import { isOpenEnded, loopsAround, type Loop } from './support/fan-out';
import { importedCallee } from './support/instances';
import { HTTP_SESSIONS } from './support/resources';

/** True when the constructor's arguments read a name the loop binds per item (`base_url=host`). */
function configuredPerItem(call: Node, loop: Loop): boolean {
  const items = new Set(loop.targets.map((target) => target.text));
  const argumentList = call.childForFieldName('arguments');
  return argumentList !== null && namesRead(argumentList).some((read) => items.has(read.text));
}

// A session is a connection pool: one per request pays a fresh TCP (and TLS) handshake every time.
export const sessionPerRequest: Rule = {
  meta: {
    id: 'session-per-request',
    title: 'HTTP session created for every item of a loop',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: [],
    checklist: 'sessions-shared',
    fixable: false,
    docs: {
      summary:
        'Finds `aiohttp.ClientSession`, `httpx.AsyncClient`, `httpx.Client` and `requests.Session` created inside a ' +
        '`for` loop or a comprehension that runs once per item of a collection, including `async with ' +
        'ClientSession() as session:` inside the loop body.',
      why:
        'A session owns a connection pool, DNS cache and cookie jar. Creating one per item throws all of that away ' +
        'each time: every request pays a new TCP connection and TLS handshake, which is often slower than the request ' +
        'itself, and the sockets closed in quick succession pile up in TIME_WAIT until the host runs out of ports.',
      fix:
        'Create the session once, before the loop (or once per application, in its lifespan or a dependency), and ' +
        'make every request through it.',
      examples: {
        python: {
          bad:
            'import aiohttp\n\n\nasync def fetch_all(urls):\n    pages = []\n    for url in urls:\n' +
            '        async with aiohttp.ClientSession() as session:\n            async with session.get(url) as response:\n' +
            '                pages.append(await response.text())\n    return pages',
          good:
            'import aiohttp\n\n\nasync def fetch_all(urls):\n    pages = []\n    async with aiohttp.ClientSession() as session:\n' +
            '        for url in urls:\n            async with session.get(url) as response:\n' +
            '                pages.append(await response.text())\n    return pages',
        },
      },
      notes:
        'Only loops over items count. `while` loops (reconnect and polling loops), counted `range(n)` loops (retries, ' +
        'a pool of n clients), loops over literals or slices, and tenacity / stamina retry iterators are left alone, ' +
        'as is a session whose constructor reads the loop variable (`AsyncClient(base_url=host)` per host, or ' +
        'per-account credentials): sessions to different hosts or identities could not share connections anyway.',
    },
  },
  python: {
    call(node, context) {
      const session = importedCallee(node, context, (qualified) => HTTP_SESSIONS.has(qualified));
      if (session === undefined) return;
      const scope = context.currentFunction?.node;
      const perItem = loopsAround(node).find(
        (loop) => loop.iterables.some((iterable) => isOpenEnded(iterable, scope, context)) && !configuredPerItem(node, loop),
      );
      if (!perItem) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(
        node,
        `A new '${callee}()' is created for every item, so no connection is ever reused; create one before the loop and share it`,
      );
    },
  },
};
