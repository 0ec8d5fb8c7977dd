// Decorators recognised by name, whichever module provides them: `@asynccontextmanager`,
// `@contextlib.asynccontextmanager`, `@pytest.fixture(scope="module")` and aliases of each.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { lastName } from '../../engine/python/imports';
import { decoratorsOf } from '../../engine/python/syntax';

/** The expression a decorator names: `pytest.fixture` for both `@pytest.fixture` and `@pytest.fixture(...)`. */
export function decoratorTarget(decorator: Node): Node | null {
  return decorator.type === 'call' ? decorator.childForFieldName('function') : decorator;
}

/** True when a decorator's last name, as written or as imported, is one of `names`. */
export function hasDecoratorNamed(fn: Node, context: PythonContext, names: ReadonlySet<string>): boolean {
  return decoratorsOf(fn).some((decorator) => {
    const target = decoratorTarget(decorator);
    if (!target) return false;
    const qualified = context.qualifiedName(target);
    return names.has(lastName(target.text)) || (qualified !== undefined && names.has(lastName(qualified)));
  });
}
