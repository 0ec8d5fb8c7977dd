// The manifest's view, menus, welcome content and walkthrough against what exists: every command
// they name is contributed (or built in), every file they point to is there, and every context
// key their `when` clauses read is one the client sets, compared with values it takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKLIST_SCOPES } from '../../server/src/checklist/protocol';
import { CHECKLIST_VIEW_ID, CHECKLIST_VIEW_STATES, COMMAND_IDS, CONTEXT_KEYS } from '../../client/src/contract';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    viewsContainers: Record<string, { id: string; title: string; icon: string }[]>;
    views: Record<string, { id: string; name: string; icon?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    walkthroughs: {
      id: string;
      title: string;
      steps: {
        id: string;
        title: string;
        description: string;
        media: { markdown?: string; image?: string; svg?: string };
        completionEvents?: string[];
      }[];
    }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const contributes = manifest.contributes;
const contributed = new Set(contributes.commands.map((command) => command.command));

/** Commands VS Code itself provides; the manifest may link to these. */
const BUILT_IN = /^(workbench|vscode|editor\.action)\./;

function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([\w.-]+)/g)].map((match) => match[1]!);
}

function clientSources(dir = join(root, 'client', 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? clientSources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
  );
}

/** Every `when` clause of the menus, the welcome content and the walkthrough. */
function whenClauses(): string[] {
  return [...Object.values(contributes.menus).flat(), ...contributes.viewsWelcome].flatMap((entry) => (entry.when ? [entry.when] : []));
}

/**
 * Evaluates the `when` clauses the manifest uses: `&&`-joined `key == value`, `key != value`,
 * `false`. Anything else fails the test rather than guessing.
 */
function evaluate(when: string, context: Record<string, string>): boolean {
  return when.split('&&').every((term) => {
    const clause = term.trim();
    if (clause === 'false') return false;
    const match = /^([\w.]+)\s*(==|!=)\s*([\w.-]+)$/.exec(clause);
    assert.ok(match, `cannot evaluate "${clause}"`);
    const [, key, operator, value] = match;
    return (context[key!] === value) === (operator === '==');
  });
}

test('the activity bar has an Awaitwise container holding the checklist view', () => {
  const container = contributes.viewsContainers.activitybar?.find((entry) => entry.id === 'awaitwise');
  assert.ok(container, 'no awaitwise view container');
  assert.equal(container.title, 'Awaitwise');
  const icon = readFileSync(join(root, container.icon), 'utf8');
  assert.match(icon, /viewBox="0 0 24 24"/);
  assert.match(icon, /currentColor/, 'the icon is drawn in the theme colour');
  assert.deepEqual(
    contributes.views.awaitwise?.map((view) => [view.id, view.name]),
    [[CHECKLIST_VIEW_ID, 'Async review checklist']],
  );
});

test('menus, welcome content and walkthrough name only contributed or built-in commands', () => {
  const named = [
    ...Object.values(contributes.menus)
      .flat()
      .map((entry) => entry.command),
    ...contributes.viewsWelcome.flatMap((welcome) => commandLinks(welcome.contents)),
    ...contributes.walkthroughs.flatMap((walkthrough) =>
      walkthrough.steps.flatMap((step) => [
        ...commandLinks(step.description),
        ...(step.completionEvents ?? []).flatMap((event) => (event.startsWith('onCommand:') ? [event.slice('onCommand:'.length)] : [])),
      ]),
    ),
  ];
  assert.ok(named.length > 0);
  for (const command of named) assert.ok(contributed.has(command) || BUILT_IN.test(command), `${command} is neither contributed nor built in`);
  // And every contributed command has a handler (the command table is typed over COMMAND_IDS).
  for (const command of contributed) assert.ok((COMMAND_IDS as readonly string[]).includes(command), command);
});

test('the view title offers the scope toggle, refresh, and the rest in the overflow menu', () => {
  const title = contributes.menus['view/title'] ?? [];
  for (const entry of title) assert.match(entry.when ?? '', new RegExp(`view == ${CHECKLIST_VIEW_ID.replace('.', '\\.')}\\b`), entry.command);
  // Inline buttons (the navigation group) need icons.
  const icons = new Map(contributes.commands.map((command) => [command.command, command.icon]));
  for (const entry of title.filter((entry) => entry.group?.startsWith('navigation'))) assert.ok(icons.get(entry.command), `${entry.command} has no icon`);
  const shown = (scope: string, state: string) =>
    title
      .filter((entry) => evaluate(entry.when ?? '', { view: CHECKLIST_VIEW_ID, [CONTEXT_KEYS.checklistScope]: scope, [CONTEXT_KEYS.checklistState]: state }))
      .map((entry) => `${entry.group?.startsWith('navigation') ? 'button' : 'overflow'} ${entry.command}`)
      .sort();
  assert.deepEqual(shown('file', 'ready'), [
    'button awaitwise.checklist.refresh',
    'button awaitwise.checklist.scopeWorkspace',
    'overflow awaitwise.checklist.copyMarkdown',
    'overflow awaitwise.checklist.exportMarkdown',
    'overflow awaitwise.checklist.resetManual',
  ]);
  assert.deepEqual(shown('workspace', 'noFile'), [
    'button awaitwise.checklist.refresh',
    'button awaitwise.checklist.scopeFile',
    'overflow awaitwise.checklist.resetManual',
  ]);
});

test('the tree-item command stays out of the command palette', () => {
  const palette = contributes.menus.commandPalette ?? [];
  assert.equal(palette.find((entry) => entry.command === 'awaitwise.checklist.openLocation')?.when, 'false');
});

test('each checklist state the client sets has welcome content, and the welcome reads known values', () => {
  const welcomes = contributes.viewsWelcome.filter((welcome) => welcome.view === CHECKLIST_VIEW_ID);
  for (const state of CHECKLIST_VIEW_STATES.filter((state) => state !== 'ready')) {
    for (const scope of CHECKLIST_SCOPES) {
      const matching = welcomes.filter((welcome) => evaluate(welcome.when ?? '', { [CONTEXT_KEYS.checklistState]: state, [CONTEXT_KEYS.checklistScope]: scope }));
      assert.equal(matching.length, 1, `state ${state}, scope ${scope}: ${matching.length} welcome messages`);
    }
  }
  for (const scope of CHECKLIST_SCOPES) {
    assert.deepEqual(
      welcomes.filter((welcome) => evaluate(welcome.when ?? '', { [CONTEXT_KEYS.checklistState]: 'ready', [CONTEXT_KEYS.checklistScope]: scope })),
      [],
    );
  }
});

test('every context key a when clause reads is set by the client, to values it can take', () => {
  const sources = clientSources().join('\n');
  const values: Record<string, readonly string[]> = {
    [CONTEXT_KEYS.checklistScope]: CHECKLIST_SCOPES,
    [CONTEXT_KEYS.checklistState]: CHECKLIST_VIEW_STATES,
  };
  const clauses = whenClauses();
  for (const [name, key] of Object.entries(CONTEXT_KEYS)) {
    assert.ok(clauses.some((when) => when.includes(key)), `${key} is never read`);
    assert.match(sources, new RegExp(`'setContext',\\s*CONTEXT_KEYS\\.${name}\\b`), `${key} is never set`);
  }
  for (const when of clauses) {
    for (const [, key, value] of when.matchAll(/(awaitwise\.[\w.]+)\s*[!=]=\s*([\w.-]+)/g)) {
      assert.ok(sources.includes(`'${key}'`), `${key} does not appear in client/src`);
      assert.ok(values[key!]?.includes(value!), `${key} never takes the value ${value} (in "${when}")`);
    }
  }
});

test('the walkthrough steps point to existing pages and complete on real events', () => {
  const [walkthrough, ...others] = contributes.walkthroughs;
  assert.ok(walkthrough);
  assert.equal(others.length, 0);
  assert.equal(walkthrough.title, 'Get started with Awaitwise');
  const views = new Set(Object.values(contributes.views).flat().map((view) => view.id));
  for (const step of walkthrough.steps) {
    const media = step.media.markdown ?? step.media.image ?? step.media.svg;
    assert.ok(media, `${step.id}: no media`);
    assert.ok(existsSync(join(root, media)), `${step.id}: ${media} is missing`);
    assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: never completes`);
    for (const event of step.completionEvents ?? []) {
      if (event.startsWith('onView:')) assert.ok(views.has(event.slice('onView:'.length)), event);
      else assert.match(event, /^onCommand:/, event);
    }
  }
  const ids = walkthrough.steps.map((step) => step.id);
  assert.equal(new Set(ids).size, ids.length);
  // The first step's button opens the sample, a command of the extension.
  assert.ok(commandLinks(walkthrough.steps[0]!.description).includes('awaitwise.walkthrough.openSample'));
});
