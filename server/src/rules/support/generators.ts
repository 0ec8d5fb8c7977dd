// Generators whose `yield` does not hand control to arbitrary code: decorators that turn them
// into context managers (the caller's `with` block runs at the `yield`) or that run them in a
// task of their own and pass the values on through a channel.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { decoratorsOf } from '../../engine/python/syntax';
import { decoratorTarget, hasDecoratorNamed } from './decorators';

/** Matched by their last name, whichever module provides them (`contextlib`, `pytest`, `pytest_asyncio`...). */
const WRAPPER_NAMES: ReadonlySet<string> = new Set(['contextmanager', 'asynccontextmanager', 'fixture']);

/** Decorators that iterate the generator in a task of its own. */
const TASK_WRAPPERS: ReadonlySet<string> = new Set(['trio.as_safe_channel', 'trio_util.trio_async_generator']);

/**
 * True when a decorator makes the generator a context manager or a pytest fixture
 * (`@asynccontextmanager`, `@contextlib.contextmanager`, `@pytest.fixture(scope="module")`, or an
 * alias of one), or runs it in its own task (`@trio.as_safe_channel`).
 */
export function isManagedGenerator(fn: Node, context: PythonContext): boolean {
  if (hasDecoratorNamed(fn, context, WRAPPER_NAMES)) return true;
  return decoratorsOf(fn).some((decorator) => {
    const target = decoratorTarget(decorator);
    const qualified = target ? context.qualifiedName(target) : undefined;
    return qualified !== undefined && TASK_WRAPPERS.has(qualified);
  });
}
