// A generated TypeScript project: services calling fetch and a database client, retries, queues,
// event emitters, route handlers and async iterators, with a tsconfig.json and a few promise
// mistakes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOf, writeTree, type Corpus } from './files';
import { DOMAINS, title } from './names';
import { Random } from './random';

/** The project's shared modules, the same in every generated project. */
const LIBRARY_FILES: ReadonlyMap<string, string> = new Map([
  [
    'src/lib/retry.ts',
    `export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  signal?: AbortSignal;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      lastError = error;
      if (options.signal?.aborted) throw error;
      await sleep(Math.min(options.baseDelayMs * 2 ** attempt, 10_000) * Math.random(), options.signal);
    }
  }
  throw lastError;
}
`,
  ],
  [
    'src/lib/queue.ts',
    `export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((result: IteratorResult<T>) => void)[] = [];
  private closed = false;

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.closed) return;
      const next = await new Promise<IteratorResult<T>>((resolve) => this.waiters.push(resolve));
      if (next.done) return;
      yield next.value;
    }
  }
}
`,
  ],
  [
    'src/lib/limit.ts',
    `/** At most \`concurrency\` tasks at once; the others wait their turn. */
export function limit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
`,
  ],
  [
    'src/lib/events.ts',
    `import { EventEmitter } from 'node:events';

export interface DomainEvent {
  type: string;
  id: string;
  at: number;
}

export const bus = new EventEmitter();

export function publish(event: DomainEvent): void {
  bus.emit(event.type, event);
}

export function subscribe(type: string, listener: (event: DomainEvent) => void): () => void {
  bus.on(type, listener);
  return () => bus.off(type, listener);
}
`,
  ],
  [
    'src/lib/log.ts',
    `export const log = {
  info: (...args: unknown[]): void => console.log(new Date().toISOString(), ...args),
  warn: (...args: unknown[]): void => console.warn(new Date().toISOString(), ...args),
  error: (...args: unknown[]): void => console.error(new Date().toISOString(), ...args),
};
`,
  ],
  [
    'src/db/client.ts',
    `import { sleep } from '../lib/retry';

export interface Row {
  id: string;
  [column: string]: unknown;
}

export class DbClient {
  private connected = false;
  private readonly tables = new Map<string, Map<string, Row>>();

  constructor(
    readonly url: string,
    readonly poolSize = 10,
  ) {}

  async connect(): Promise<void> {
    if (this.connected) return;
    await sleep(5);
    this.connected = true;
  }

  async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.connect();
    const table = this.tables.get(String(params[0] ?? sql));
    return table ? ([...table.values()] as T[]) : [];
  }

  async insert(table: string, row: Row): Promise<void> {
    await this.connect();
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    rows.set(row.id, row);
  }

  async exists(table: string, id: string): Promise<boolean> {
    await this.connect();
    return this.tables.get(table)?.has(id) ?? false;
  }

  async transaction<T>(work: (tx: DbClient) => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const result = await work(this);
      await this.query('COMMIT');
      return result;
    } catch (error) {
      await this.query('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.connected = false;
  }
}
`,
  ],
  [
    'src/http/types.ts',
    `export interface Request {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  signal: AbortSignal;
}

export interface Response {
  status(code: number): Response;
  json(body: unknown): void;
  end(): void;
}

export type Handler = (req: Request, res: Response) => Promise<void>;
export type Next = (error?: unknown) => void;
export type Middleware = (req: Request, res: Response, next: Next) => void;
`,
  ],
  [
    'src/http/router.ts',
    `import type { Handler, Middleware, Request, Response } from './types';

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];
  private readonly middleware: Middleware[] = [];

  get(path: string, handler: Handler): this {
    return this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): this {
    return this.add('POST', path, handler);
  }

  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    return this;
  }

  async dispatch(method: string, path: string, req: Request, res: Response): Promise<boolean> {
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!route) return false;
    for (const middleware of this.middleware) {
      await new Promise<void>((resolve, reject) => middleware(req, res, (error) => (error ? reject(error) : resolve())));
    }
    await route.handler(req, res);
    return true;
  }

  private add(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, pattern: new RegExp('^' + path.replace(/:\\w+/g, '[^/]+') + '$'), handler });
    return this;
  }
}
`,
  ],
]);

/** A service class named `<Domain><suffix>Service`, with a mistake now and then. */
function serviceBlock(domain: string, suffix: string, random: Random): string[] {
  const name = `${title(domain)}${suffix}`;
  const lines = [
    `export interface ${name}Record {`,
    '  id: string;',
    "  status: 'new' | 'active' | 'closed';",
    '  total: number;',
    '  updatedAt: number;',
    '}',
    '',
    `export class ${name}Service {`,
    `  private readonly cache = new Map<string, ${name}Record>();`,
    `  private readonly run = limit(${random.int(2, 16)});`,
    '',
    '  constructor(',
    '    private readonly db: DbClient,',
    '    private readonly baseUrl: string,',
    '  ) {}',
    '',
    `  async fetch(id: string, signal?: AbortSignal): Promise<${name}Record> {`,
    `    const response = await fetch(\`\${this.baseUrl}/${domain}s/\${encodeURIComponent(id)}\`, { signal: signal ?? AbortSignal.timeout(${random.int(1, 30) * 1000}) });`,
    `    if (!response.ok) throw new Error(\`${domain} \${id}: HTTP \${response.status}\`);`,
    `    return (await response.json()) as ${name}Record;`,
    '  }',
    '',
    `  async get(id: string): Promise<${name}Record> {`,
    '    const cached = this.cache.get(id);',
    '    if (cached) return cached;',
    `    const record = await withRetry(() => this.fetch(id), { attempts: ${random.int(2, 5)}, baseDelayMs: 100 });`,
    '    this.cache.set(id, record);',
    "    const label = 'ready';",
    `    log.info('${domain} loaded', id, label);`,
    '    return record;',
    '  }',
    '',
    `  async getMany(ids: readonly string[]): Promise<${name}Record[]> {`,
    '    const results = await Promise.allSettled(ids.map((id) => this.run(() => this.get(id))));',
    "    return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));",
    '  }',
    '',
    `  async save(record: ${name}Record): Promise<void> {`,
    '    await this.db.transaction(async (tx) => {',
    `      await tx.insert('${domain}s', { ...record });`,
    `      publish({ type: '${domain}.saved', id: record.id, at: Date.now() });`,
    '    });',
    '  }',
    '',
    `  async *stream(status: ${name}Record['status']): AsyncGenerator<${name}Record> {`,
    '    for (let offset = 0; ; ) {',
    `      const page = await this.db.query<${name}Record & Row>('select * from ${domain}s where status = $1 offset $2', [status, offset]);`,
    '      if (page.length === 0) return;',
    '      yield* page;',
    '      offset += page.length;',
    '    }',
    '  }',
    '',
    '  async consume(queue: AsyncQueue<string>): Promise<number> {',
    '    let handled = 0;',
    '    for await (const id of queue) {',
    '      try {',
    '        await this.save(await this.get(id));',
    '        handled++;',
    '      } catch (error) {',
    `        log.warn('${domain} failed', id, error);`,
    '      }',
    '    }',
    '    return handled;',
    '  }',
    ...antiPatterns(domain, name, random),
    '}',
    '',
  ];
  return lines;
}

/** Methods with the mistakes the rules exist for, in about one service in three. */
function antiPatterns(domain: string, name: string, random: Random): string[] {
  const candidates: string[][] = [
    ['', `  touch(record: ${name}Record): void {`, `    this.db.insert('${domain}_audit', { id: record.id, at: Date.now() });`, '  }'],
    [
      '',
      `  load(id: string): Promise<${name}Record> {`,
      '    return new Promise(async (resolve, reject) => {',
      '      try {',
      '        resolve(await this.get(id));',
      '      } catch (error) {',
      '        reject(error);',
      '      }',
      '    });',
      '  }',
    ],
    ['', '  async warm(ids: string[]): Promise<void> {', '    ids.forEach(async (id) => {', '      await this.get(id);', '    });', '  }'],
    ['', `  async ensure(record: ${name}Record): Promise<void> {`, `    if (this.db.exists('${domain}s', record.id)) return;`, '    await this.save(record);', '  }'],
    ['', '  watch(): () => void {', `    return subscribe('${domain}.changed', async (event) => {`, '      await this.get(event.id);', '    });', '  }'],
    ['', '  startPolling(): NodeJS.Timeout {', '    return setInterval(async () => {', '      await this.getMany([...this.cache.keys()]);', '    }, 30_000);', '  }'],
    ['', '  async size(): Promise<number> {', '    return await this.cache.size;', '  }'],
    ['', `  async safeGet(id: string): Promise<${name}Record | undefined> {`, '    try {', '      return this.get(id);', '    } catch {', '      return undefined;', '    }', '  }'],
    ['', '  async health(): Promise<boolean> {', '    const response = await fetch(`${this.baseUrl}/health`);', '    return response.ok;', '  }'],
  ];
  const lines: string[] = [];
  if (random.chance(0.35)) lines.push(...random.pick(candidates));
  if (random.chance(0.1)) lines.push(...random.pick(candidates));
  return lines;
}

/** Imports of a service module in a folder of src/. */
const SERVICE_IMPORTS = [
  "import { DbClient, type Row } from '../db/client';",
  "import { publish, subscribe } from '../lib/events';",
  "import { limit } from '../lib/limit';",
  "import { log } from '../lib/log';",
  "import { AsyncQueue } from '../lib/queue';",
  "import { withRetry } from '../lib/retry';",
  '',
];

function handlerModule(domain: string, service: string, random: Random): string {
  const name = title(domain);
  const lines = [
    `import { DbClient } from '../db/client';`,
    `import { Router } from '../http/router';`,
    `import type { Request, Response } from '../http/types';`,
    `import { log } from '../lib/log';`,
    `import { ${name}Service } from '../services/${service}';`,
    '',
    `const db = new DbClient(process.env.DATABASE_URL ?? 'postgres://localhost/app');`,
    `const service = new ${name}Service(db, process.env.${domain.toUpperCase()}_URL ?? 'http://${domain}.internal');`,
    '',
    'export const router = new Router()',
    `  .get('/${domain}s/:id', async (req: Request, res: Response) => {`,
    '    const record = await service.get(req.params.id);',
    '    res.status(200).json(record);',
    '  })',
    `  .get('/${domain}s', async (req, res) => {`,
    "    const ids = (req.query.ids ?? '').split(',').filter(Boolean);",
    '    res.json(await service.getMany(ids));',
    '  })',
    `  .post('/${domain}s', async (req, res) => {`,
    `    const record = req.body as Parameters<${name}Service['save']>[0];`,
    '    await service.save(record);',
    '    res.status(201).end();',
    '  });',
    '',
  ];
  if (random.chance(0.3)) {
    lines.push(
      'router.use((req, _res, next) => {',
      '  service.get(req.params.id).then(() => next());',
      '});',
      '',
    );
  } else {
    lines.push(
      'router.use((req, _res, next) => {',
      '  service',
      '    .get(req.params.id)',
      '    .then(() => next())',
      '    .catch((error: unknown) => {',
      `      log.error('${domain} lookup failed', error);`,
      '      next(error);',
      '    });',
      '});',
      '',
    );
  }
  return lines.join('\n');
}

function jobModule(domain: string, service: string, random: Random): string {
  const name = title(domain);
  const lines = [
    `import { AsyncQueue } from '../lib/queue';`,
    `import { log } from '../lib/log';`,
    `import type { ${name}Service } from '../services/${service}';`,
    '',
    `export async function run${name}Job(service: ${name}Service, ids: readonly string[], workers = ${random.int(2, 8)}): Promise<number> {`,
    '  const queue = new AsyncQueue<string>();',
    '  const consumers = Array.from({ length: workers }, () => service.consume(queue));',
    '  for (const id of ids) queue.push(id);',
    '  queue.close();',
    '  const counts = await Promise.all(consumers);',
    '  return counts.reduce((sum, count) => sum + count, 0);',
    '}',
    '',
    `export function schedule${name}Job(service: ${name}Service, everyMs: number, signal: AbortSignal): void {`,
    '  const timer = setInterval(() => {',
    `    run${name}Job(service, []).catch((error: unknown) => log.error('${domain} job failed', error));`,
    '  }, everyMs);',
    "  signal.addEventListener('abort', () => clearInterval(timer), { once: true });",
    '}',
    '',
  ];
  if (random.chance(0.3)) {
    lines.push(
      `export function stop${name}OnSignal(service: ${name}Service): void {`,
      "  process.on('SIGTERM', async () => {",
      `    await run${name}Job(service, []);`,
      '    process.exit(0);',
      '  });',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function tsconfigText(typeRoots: string): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022'],
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
        // The project lies outside any node_modules tree; its @types come from the repository's.
        typeRoots: [typeRoots],
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`;
}

/**
 * Writes a project of exactly `fileCount` .ts files (with a tsconfig.json) under `root`:
 * shared library modules, then a service, a route handler and a job module per domain.
 */
export function writeTypeScriptProject(root: string, fileCount: number, seed: number, typeRoots: string): string[] {
  const random = new Random(seed);
  const files = new Map<string, string>();
  for (const [path, text] of LIBRARY_FILES) if (files.size < fileCount) files.set(path, text);
  for (let n = 0; files.size < fileCount; n++) {
    const domain = DOMAINS[n % DOMAINS.length];
    const service = `${domain}-${n}.service`;
    files.set(`src/services/${service}.ts`, [...SERVICE_IMPORTS, ...serviceBlock(domain, '', random)].join('\n'));
    if (files.size < fileCount) files.set(`src/handlers/${domain}-${n}.handler.ts`, handlerModule(domain, service, random));
    if (files.size < fileCount) files.set(`src/jobs/${domain}-${n}.job.ts`, jobModule(domain, service, random));
  }
  writeTree(root, files);
  writeFileSync(join(root, 'tsconfig.json'), tsconfigText(typeRoots));
  return [...files.keys()].map((path) => join(root, path));
}

export function generatedTypeScriptCorpus(root: string, fileCount: number, seed: number, typeRoots: string): Corpus {
  const files = writeTypeScriptProject(root, fileCount, seed, typeRoots);
  return { ...corpusOf('ts-generated', root, files, { seed }), typeProject: { tsconfig: join(root, 'tsconfig.json'), kind: 'own' } };
}

/** A module of about `lineCount` lines for src/<folder>/ of a generated project. */
export function largeTypeScriptModule(lineCount: number, seed: number): string {
  const random = new Random(seed);
  const lines = [...SERVICE_IMPORTS];
  for (let block = 0; lines.length < lineCount; block++) lines.push(...serviceBlock(DOMAINS[block % DOMAINS.length], `N${block}`, random));
  return lines.join('\n');
}
