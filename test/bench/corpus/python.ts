// Python corpora: the standard library of the machine's python3, and generated asyncio, trio
// and AnyIO code (services, task groups, sessions, queues) with a few anti-patterns in it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOf, listFiles, writeTree, type Corpus } from './files';
import { DOMAINS, title } from './names';
import { Random } from './random';

type Skipped = { skipped: string };

/** The stdlib's own .py files; third-party packages and caches are not the stdlib. */
export function stdlibCorpus(limit: number | undefined): Corpus | Skipped {
  const probe = spawnSync('python3', ['-c', "import sys, sysconfig; print(sysconfig.get_paths()['stdlib']); print(sys.version.split()[0])"], {
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0) return { skipped: 'python3 not found: the standard library corpus is skipped' };
  const [root, version] = probe.stdout.trim().split('\n');
  if (!root || !existsSync(root)) return { skipped: `python3 reports no readable standard library (${root})` };
  const files = listFiles(root, (name) => name.endsWith('.py'), new Set(['site-packages', 'dist-packages', '__pycache__']));
  return corpusOf('python-stdlib', root, limit === undefined ? files : files.slice(0, limit), { python: version, filesInStdlib: files.length });
}

type Library = 'asyncio' | 'trio' | 'anyio';

/** How each library spells the same ideas. */
interface Vocabulary {
  sleep: (seconds: string) => string;
  /** Opens a task group bound to `tg`. */
  taskGroup: string;
  spawn: (call: string, args: string) => string;
  /** A `with` line bounding the block by `seconds`. */
  deadline: (seconds: string) => string;
  channel: (size: number) => string;
  toThread: (fn: string, arg: string) => string;
  cancelled: string;
  run: string;
}

const VOCABULARY: Record<Library, Vocabulary> = {
  asyncio: {
    sleep: (s) => `await asyncio.sleep(${s})`,
    taskGroup: 'async with asyncio.TaskGroup() as tg:',
    spawn: (call, args) => `tg.create_task(${call}(${args}))`,
    deadline: (s) => `async with asyncio.timeout(${s}):`,
    channel: (n) => `queue: asyncio.Queue[int] = asyncio.Queue(maxsize=${n})`,
    toThread: (fn, arg) => `await asyncio.to_thread(${fn}, ${arg})`,
    cancelled: 'asyncio.CancelledError',
    run: 'asyncio.run(main())',
  },
  trio: {
    sleep: (s) => `await trio.sleep(${s})`,
    taskGroup: 'async with trio.open_nursery() as tg:',
    spawn: (call, args) => `tg.start_soon(${call}, ${args})`,
    deadline: (s) => `with trio.fail_after(${s}):`,
    channel: (n) => `send, receive = trio.open_memory_channel[int](${n})`,
    toThread: (fn, arg) => `await trio.to_thread.run_sync(${fn}, ${arg})`,
    cancelled: 'trio.Cancelled',
    run: 'trio.run(main)',
  },
  anyio: {
    sleep: (s) => `await anyio.sleep(${s})`,
    taskGroup: 'async with anyio.create_task_group() as tg:',
    spawn: (call, args) => `tg.start_soon(${call}, ${args})`,
    deadline: (s) => `with anyio.fail_after(${s}):`,
    channel: (n) => `send, receive = anyio.create_memory_object_stream[int](${n})`,
    toThread: (fn, arg) => `await anyio.to_thread.run_sync(${fn}, ${arg})`,
    cancelled: 'anyio.get_cancelled_exc_class()',
    run: 'anyio.run(main)',
  },
};

/** One service class and its helpers, named with `suffix` so that blocks can share a module. */
function serviceBlock(library: Library, domain: string, suffix: string, random: Random): string[] {
  const v = VOCABULARY[library];
  const name = `${title(domain)}${suffix}`;
  const retries = random.int(2, 5);
  const lines = [
    '@dataclass',
    `class ${name}Settings:`,
    `    base_url: str = "https://${domain}.internal/api/v${random.int(1, 3)}"`,
    `    timeout: float = ${random.int(2, 30)}.0`,
    `    retries: int = ${retries}`,
    `    workers: int = ${random.int(2, 16)}`,
    `    batch_size: int = ${random.int(10, 500)}`,
    '',
    '',
    '@dataclass',
    `class ${name}Record:`,
    '    id: int',
    '    status: str = "new"',
    '    payload: dict[str, Any] = field(default_factory=dict)',
    '',
    '',
    `class ${name}Service:`,
    `    """Reads ${domain} records from the upstream API, caches them and hands work to a worker pool."""`,
    '',
    `    def __init__(self, settings: ${name}Settings, session: Any) -> None:`,
    '        self.settings = settings',
    '        self.session = session',
    `        self._cache: dict[int, ${name}Record] = {}`,
    `        self._lock = ${library}.Lock()`,
    `        self._stopping = ${library}.Event()`,
    '        self._ready = False',
    '',
    `    async def fetch(self, record_id: int) -> ${name}Record:`,
    `        ${v.deadline('self.settings.timeout')}`,
    '            response = await self.session.get(f"{self.settings.base_url}/' + domain + 's/{record_id}")',
    '            response.raise_for_status()',
    '            body = await response.json()',
    `        return ${name}Record(id=record_id, status=body.get("status", "new"), payload=body)`,
    '',
    `    async def fetch_with_retry(self, record_id: int) -> ${name}Record:`,
    '        delay = 0.1',
    '        for attempt in range(self.settings.retries):',
    '            try:',
    '                return await self.fetch(record_id)',
    '            except (ConnectionError, TimeoutError) as error:',
    '                if attempt == self.settings.retries - 1:',
    '                    raise',
    `                log.warning("${domain} %s failed (%s), retrying", record_id, error)`,
    `                ${v.sleep('delay')}`,
    '                delay = min(delay * 2, 5.0)',
    `        raise RuntimeError("unreachable")`,
    '',
    `    async def refresh(self, record_id: int) -> ${name}Record:`,
    '        async with self._lock:',
    '            record = await self.fetch_with_retry(record_id)',
    '            self._cache[record_id] = record',
    '            label = "ready"',
    '            log.debug("refreshed %s (%s)", record_id, label)',
    '            return record',
    '',
    `    async def _collect(self, record_id: int, results: dict[int, ${name}Record]) -> None:`,
    '        results[record_id] = await self.refresh(record_id)',
    '',
    `    async def refresh_many(self, ids: list[int]) -> dict[int, ${name}Record]:`,
    `        results: dict[int, ${name}Record] = {}`,
    `        ${v.taskGroup}`,
    '            for record_id in ids[: self.settings.batch_size]:',
    `                ${v.spawn('self._collect', 'record_id, results')}`,
    '        return results',
    '',
    '    def _checksum(self, payload: dict[str, Any]) -> str:',
    '        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()',
    '',
    `    async def store(self, record: ${name}Record) -> str:`,
    `        digest = ${v.toThread('self._checksum', 'record.payload')}`,
    `        await save_${domain}(record.id, record.payload)`,
    '        return digest',
    '',
    '    def summary(self) -> dict[str, int]:',
    '        counts: dict[str, int] = {}',
    '        for record in self._cache.values():',
    '            counts[record.status] = counts.get(record.status, 0) + 1',
    '        return counts',
    '',
  ];
  lines.push(...workerBlock(library, domain), ...antiPatterns(library, domain, random));
  lines.push(
    '',
    `async def load_and_store_${domain}${suffix.toLowerCase()}(service: ${name}Service, ids: list[int]) -> int:`,
    '    stored = 0',
    '    for record_id in ids:',
    `        payload = await load_${domain}(record_id)`,
    '        if payload is None:',
    '            continue',
    `        await service.store(${name}Record(id=record_id, payload=payload))`,
    '        stored += 1',
    '    return stored',
    '',
    '',
  );
  return lines;
}

/** Producer and consumers over the library's queue or memory channel. */
function workerBlock(library: Library, domain: string): string[] {
  const v = VOCABULARY[library];
  if (library === 'asyncio') {
    return [
      '    async def _consume(self, queue: asyncio.Queue[int]) -> None:',
      '        while True:',
      '            record_id = await queue.get()',
      '            try:',
      '                await self.refresh(record_id)',
      '            except Exception:',
      `                log.exception("${domain} %s could not be refreshed", record_id)`,
      '            finally:',
      '                queue.task_done()',
      '',
      '    async def run(self, ids: list[int]) -> None:',
      `        ${v.channel(100)}`,
      `        ${v.taskGroup}`,
      '            workers = [tg.create_task(self._consume(queue)) for _ in range(self.settings.workers)]',
      '            for record_id in ids:',
      '                await queue.put(record_id)',
      '            await queue.join()',
      '            for worker in workers:',
      '                worker.cancel()',
      '',
    ];
  }
  return [
    `    async def _consume(self, receive: Any) -> None:`,
    '        async with receive:',
    '            async for record_id in receive:',
    '                try:',
    '                    await self.refresh(record_id)',
    '                except Exception:',
    `                    log.exception("${domain} %s could not be refreshed", record_id)`,
    '',
    '    async def run(self, ids: list[int]) -> None:',
    `        ${v.channel(100)}`,
    `        ${v.taskGroup}`,
    '            for _ in range(self.settings.workers):',
    `                ${v.spawn('self._consume', 'receive.clone()')}`,
    '            async with send:',
    '                for record_id in ids:',
    '                    await send.send(record_id)',
    '            receive.close()',
    '',
  ];
}

/** Methods with mistakes the rules exist for, in about one service in three. */
function antiPatterns(library: Library, domain: string, random: Random): string[] {
  const v = VOCABULARY[library];
  const candidates: string[][] = [
    ['    async def wait_until_ready(self) -> None:', '        while not self._ready:', `            ${v.sleep('0.01')}`, ''],
    ['    async def throttle(self) -> None:', '        time.sleep(0.2)', ''],
    [
      '    async def load_fixture(self, path: str) -> dict[str, Any]:',
      '        with open(path) as handle:',
      '            return json.load(handle)',
      '',
    ],
    [
      '    async def ping(self) -> int:',
      '        response = requests.get(self.settings.base_url + "/health")',
      '        return response.status_code',
      '',
    ],
    [
      '    async def flush(self, record: Any) -> None:',
      `        save_${domain}(record.id, record.payload)`,
      '',
    ],
    [
      '    async def guarded(self, record_id: int) -> None:',
      '        try:',
      '            await self.refresh(record_id)',
      '        except BaseException:',
      `            log.warning("${domain} %s failed", record_id)`,
      '',
    ],
  ];
  if (library === 'asyncio') {
    candidates.push(
      ['    async def warm(self, ids: list[int]) -> None:', '        for record_id in ids:', '            asyncio.create_task(self.refresh(record_id))', ''],
      ['    async def loop_time(self) -> float:', '        return asyncio.get_event_loop().time()', ''],
    );
  } else {
    candidates.push(['    async def bounded(self, record_id: int) -> None:', `        with ${library}.move_on_after(1):`, '            self._cache.pop(record_id, None)', '']);
  }
  const lines: string[] = [];
  if (random.chance(0.35)) lines.push(...random.pick(candidates));
  if (random.chance(0.1)) lines.push(...random.pick(candidates));
  return lines;
}

function header(library: Library, docstring: string, storeImports: string[]): string[] {
  return [
    `"""${docstring}"""`,
    'from __future__ import annotations',
    '',
    'import hashlib',
    'import json',
    'import logging',
    'import time',
    `import ${library}`,
    'from dataclasses import dataclass, field',
    'from typing import Any',
    '',
    'import requests',
    '',
    ...storeImports,
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
  ];
}

function mainBlock(library: Library, domain: string): string[] {
  const name = title(domain);
  return [
    'async def main() -> None:',
    `    service = ${name}Service(${name}Settings(), session=None)`,
    '    await service.run(list(range(100)))',
    '',
    '',
    'if __name__ == "__main__":',
    `    ${VOCABULARY[library].run}`,
    '',
  ];
}

/** The coroutine functions each package's services import: the cross-file index sees them. */
export function storeModule(domains: readonly string[]): string {
  const lines = ['"""Persistence for the package\'s services."""', 'from __future__ import annotations', '', 'from typing import Any', '', '_rows: dict[str, dict[int, Any]] = {}', '', ''];
  for (const domain of domains) {
    lines.push(
      `async def load_${domain}(record_id: int) -> dict[str, Any] | None:`,
      `    return _rows.get("${domain}", {}).get(record_id)`,
      '',
      '',
      `async def save_${domain}(record_id: int, payload: dict[str, Any]) -> None:`,
      `    _rows.setdefault("${domain}", {})[record_id] = payload`,
      '',
      '',
    );
  }
  return lines.join('\n');
}

const LIBRARIES: readonly Library[] = ['asyncio', 'asyncio', 'trio', 'anyio'];
const MODULES_PER_PACKAGE = 20;

/**
 * Writes exactly `fileCount` Python files under `root`: packages of an `__init__.py`, a
 * `store.py` of coroutine functions, and service modules importing them.
 */
export function writePythonProject(root: string, fileCount: number, seed: number): string[] {
  const random = new Random(seed);
  const files = new Map<string, string>();
  for (let p = 0; files.size < fileCount; p++) {
    const pkg = `app${String(p).padStart(3, '0')}`;
    const library = LIBRARIES[p % LIBRARIES.length];
    files.set(`${pkg}/__init__.py`, `"""Services of ${pkg} (${library})."""\n`);
    if (files.size < fileCount) files.set(`${pkg}/store.py`, storeModule(DOMAINS));
    for (let m = 0; m < MODULES_PER_PACKAGE - 2 && files.size < fileCount; m++) {
      const domain = DOMAINS[(p + m) % DOMAINS.length];
      const imports = [`from ${pkg}.store import load_${domain}, save_${domain}`];
      const lines = [
        ...header(library, `${title(domain)} service of ${pkg}: fetches, caches and stores ${domain} records.`, imports),
        ...serviceBlock(library, domain, '', random),
        ...mainBlock(library, domain),
      ];
      files.set(`${pkg}/${domain}_service_${m}.py`, lines.join('\n'));
    }
  }
  writeTree(root, files);
  return [...files.keys()].map((path) => join(root, path));
}

export function generatedPythonCorpus(root: string, fileCount: number, seed: number): Corpus {
  const files = writePythonProject(root, fileCount, seed);
  return corpusOf('python-generated', root, files, { seed, libraries: ['asyncio', 'trio', 'anyio'] });
}

/** One module of about `lineCount` lines: service blocks one after another, asyncio. */
export function largePythonModule(lineCount: number, seed: number): string {
  const random = new Random(seed);
  const lines = header('asyncio', `Generated module of about ${lineCount} lines.`, [
    `from .store import ${DOMAINS.flatMap((d) => [`load_${d}`, `save_${d}`]).join(', ')}`,
  ]);
  for (let block = 0; lines.length < lineCount; block++) {
    lines.push(...serviceBlock('asyncio', DOMAINS[block % DOMAINS.length], `N${block}`, random));
  }
  return lines.join('\n');
}
