// What a receiver is known to hold, for rules that only report a method call when they can
// tell the object's kind: `s = requests.Session()` then `s.get(...)`, `with open(p) as f`
// then `f.read()`. Knowledge comes only from the code around the use, in its own top-level
// statement: assignments in the same function, annotated parameters, and `self.<name>`
// assignments in the same class. Anything else (a second, different assignment, a loop
// target, a `global`) makes the name unknown, and unknown means "do not report".
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { decoratorsOf, descendantsInScope, enclosingFunction, nameBindings, parameterName, parentOf } from '../../engine/python/syntax';

export interface InstanceOrigin {
  /**
   * The qualified name of the call (or the annotation) that produced the root object:
   * `sqlite3.connect`, `pathlib.Path`, `builtins.open`.
   */
  readonly factory: string;
  /** Methods called and attributes read on that object since, in order: `conn.cursor()` -> ['cursor']. */
  readonly chain: readonly string[];
  /** The factory call itself; absent when the kind comes from an annotation. */
  readonly call?: Node;
}

/** What one binding of a name says about its value; `opaque` when nothing usable (a loop target, `+=`, unpacking...). */
type Binding = { value?: Node; annotation?: Node } | 'opaque';

/**
 * Where the object an expression evaluates to came from, or undefined when that is not
 * known. Only calls (`Path(p)`, `conn.cursor()`), names bound to them, `self.<name>` set in
 * the same class, and `/` joins (which keep a path a path) have an origin.
 */
export function instanceOrigin(expression: Node, context: PythonContext): InstanceOrigin | undefined {
  return originOf(expression, context);
}

// --- memo -----------------------------------------------------------------------------------

/**
 * Per analysis (a context lives for one analysis of one tree, where node ids are unique):
 * the bindings of each scope and class, indexed once, and the origin each name resolved to.
 * Without it every method call would walk its whole function again.
 */
interface Memo {
  readonly bindings: Map<number, ReadonlyMap<string, readonly Binding[]>>;
  /** `undefined` once resolved to nothing; `RESOLVING` while a resolution is under way (a cycle). */
  readonly origins: Map<string, InstanceOrigin | undefined | typeof RESOLVING>;
}

const RESOLVING = Symbol('resolving');
const memos = new WeakMap<PythonContext, Memo>();

function memoOf(context: PythonContext): Memo {
  let memo = memos.get(context);
  if (!memo) {
    memo = { bindings: new Map(), origins: new Map() };
    memos.set(context, memo);
  }
  return memo;
}

/** The bindings of `owner` (a scope or a class), indexed by name on first use. */
function indexedBindings(owner: Node, context: PythonContext, index: () => Map<string, Binding[]>): ReadonlyMap<string, readonly Binding[]> {
  const memo = memoOf(context);
  let found = memo.bindings.get(owner.id);
  if (!found) {
    found = index();
    memo.bindings.set(owner.id, found);
  }
  return found;
}

/** The origin all of a name's bindings agree on, worked out once; a name whose bindings lead back to it is unknown. */
function memoizedOrigin(key: string, context: PythonContext, resolve: () => InstanceOrigin | undefined): InstanceOrigin | undefined {
  const origins = memoOf(context).origins;
  if (origins.has(key)) {
    const known = origins.get(key);
    return known === RESOLVING ? undefined : known;
  }
  origins.set(key, RESOLVING);
  const origin = resolve();
  origins.set(key, origin);
  return origin;
}

function addBinding(index: Map<string, Binding[]>, name: string, binding: Binding): void {
  const list = index.get(name);
  if (list) list.push(binding);
  else index.set(name, [binding]);
}

/** A call of a method on an object: `receiver.method(...)`, with what the receiver is known to hold. */
export interface MethodCall {
  readonly receiver: Node;
  readonly method: string;
  /** Worked out on first read, so rules can test the method name before paying for it. */
  readonly origin: InstanceOrigin | undefined;
}

/** The receiver and method name of a call like `x.m(...)`; undefined for plain function calls. */
export function methodCall(call: Node, context: PythonContext): MethodCall | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return undefined;
  const receiver = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  if (!receiver || !method) return undefined;
  let origin: { value: InstanceOrigin | undefined } | undefined;
  return {
    receiver,
    method,
    get origin() {
      origin ??= { value: instanceOrigin(receiver, context) };
      return origin.value;
    },
  };
}

/**
 * The qualified name a call's callee stands for (`requests.get`, `builtins.open`) when `accept`
 * takes it, unless the head of the callee is rebound inside the enclosing functions (a
 * parameter named `requests`, a local `input = ...`): then the import no longer decides what
 * is called. `accept` runs first so the costlier shadowing check runs only for names of interest.
 */
export function importedCallee(
  call: Node,
  context: PythonContext,
  accept: (qualified: string) => boolean = () => true,
): string | undefined {
  const qualified = context.calleeName(call);
  if (qualified === undefined || !accept(qualified)) return undefined;
  let head = call.childForFieldName('function');
  while (head?.type === 'attribute') head = head.childForFieldName('object');
  return head?.type === 'identifier' && context.isLocallyBound(head.text) ? undefined : qualified;
}

function sameOrigin(a: InstanceOrigin, b: InstanceOrigin): boolean {
  return a.factory === b.factory && a.chain.length === b.chain.length && a.chain.every((step, i) => step === b.chain[i]);
}

function extend(origin: InstanceOrigin | undefined, step: string): InstanceOrigin | undefined {
  return origin && { factory: origin.factory, chain: [...origin.chain, step], call: origin.call };
}

function originOf(node: Node, context: PythonContext): InstanceOrigin | undefined {
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChildCount === 1 ? originOf(node.firstNamedChild!, context) : undefined;
    case 'assignment': {
      // The value of a chained assignment `a = b = X()` as seen by `a`.
      const right = node.childForFieldName('right');
      return right ? originOf(right, context) : undefined;
    }
    case 'call':
      return callOrigin(node, context);
    case 'attribute':
      return attributeOrigin(node, context);
    case 'binary_operator': {
      // `base / "name"` is how pathlib joins paths; for the other kinds tracked here `/` is not defined.
      const left = node.childForFieldName('left');
      return node.childForFieldName('operator')?.text === '/' && left ? originOf(left, context) : undefined;
    }
    case 'identifier':
      return nameOrigin(node, context);
    default:
      return undefined;
  }
}

function callOrigin(call: Node, context: PythonContext): InstanceOrigin | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const qualified = importedCallee(call, context);
  if (qualified !== undefined) return { factory: qualified, chain: [], call };
  if (callee.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  return object && method ? extend(originOf(object, context), method) : undefined;
}

function attributeOrigin(attribute: Node, context: PythonContext): InstanceOrigin | undefined {
  const object = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute')?.text;
  if (!object || !name) return undefined;
  if (object.type === 'identifier') {
    const owner = methodOwner(object);
    if (owner) return selfAttributeOrigin(owner, name, context);
  }
  // A module attribute (`pathlib.Path`) is a class or function, not an object made by a call.
  if (context.qualifiedName(attribute) !== undefined) return undefined;
  return extend(originOf(object, context), name);
}

// --- names bound in a function ------------------------------------------------------------

function nameOrigin(identifier: Node, context: PythonContext): InstanceOrigin | undefined {
  const scope = enclosingFunction(identifier);
  if (!scope) return undefined;
  const name = identifier.text;
  return memoizedOrigin(`${scope.id}:${name}`, context, () =>
    agreedOrigin(indexedBindings(scope, context, () => scopeBindings(scope)).get(name) ?? [], context),
  );
}

/** The one origin all bindings give, or undefined when there are none, or any is unknown or differs. */
function agreedOrigin(bindings: readonly Binding[], context: PythonContext): InstanceOrigin | undefined {
  let agreed: InstanceOrigin | undefined;
  for (const binding of bindings) {
    if (binding === 'opaque') return undefined;
    const origin =
      (binding.annotation && annotationOrigin(binding.annotation, context)) ?? (binding.value && originOf(binding.value, context));
    if (!origin || (agreed && !sameOrigin(agreed, origin))) return undefined;
    agreed ??= origin;
  }
  return agreed;
}

/** `client: httpx.Client` names the class; generics, unions and string annotations say nothing here. */
function annotationOrigin(type: Node, context: PythonContext): InstanceOrigin | undefined {
  const expression = type.type === 'type' ? type.firstNamedChild : type;
  if (!expression || (expression.type !== 'identifier' && expression.type !== 'attribute')) return undefined;
  const factory = context.qualifiedName(expression);
  return factory === undefined ? undefined : { factory, chain: [] };
}

/**
 * What one assignment-like binding says: a plain `name = value` (possibly annotated), a
 * walrus, or `with make() as name` (every kind tracked here returns itself from `__enter__`)
 * give a value; unpacking, `+=` and loop targets do not.
 */
function bindingFrom(binder: Node, target: Node, source: Node): Binding {
  if (binder.type === 'assignment' && binder.childForFieldName('left')?.equals(target)) {
    return { value: source, annotation: binder.childForFieldName('type') ?? undefined };
  }
  if (binder.type === 'named_expression') return { value: source };
  if (binder.type === 'as_pattern' && target.parent?.type === 'as_pattern_target') return { value: source };
  return 'opaque';
}

/** Every binding a function or lambda makes of local names: its parameters, assignments and other binding statements. */
function scopeBindings(scope: Node): Map<string, Binding[]> {
  const index = new Map<string, Binding[]>();
  for (const parameter of scope.childForFieldName('parameters')?.namedChildren ?? []) {
    const name = parameter && parameterName(parameter);
    if (!parameter || !name) continue;
    const typed = parameter.type === 'typed_parameter' || parameter.type === 'typed_default_parameter';
    const annotation = typed ? parameter.childForFieldName('type') : null;
    addBinding(index, name, annotation ? { annotation } : 'opaque');
  }
  const body = scope.childForFieldName('body');
  if (!body) return index;
  addAssignedBindings(index, body);
  for (const name of namesBoundOtherwise(body)) addBinding(index, name, 'opaque');
  return index;
}

/** The assignment-like bindings in a subtree (nested scopes aside), added to `index`. */
function addAssignedBindings(index: Map<string, Binding[]>, root: Node): void {
  for (const { binder, target, source } of nameBindings(root)) addBinding(index, target.text, bindingFrom(binder, target, source));
}

/** Statements that bind (or unbind) a name without an assignment: `global x`, `del x`, `import x`, `case x:`. */
const OTHER_BINDING_PARENTS = new Set(['global_statement', 'nonlocal_statement', 'delete_statement', 'dotted_name', 'aliased_import']);

const OTHER_BINDERS = new Set(['identifier', 'function_definition', 'class_definition']);

/**
 * Names the scope binds in ways `nameBindings` does not describe: the statements above,
 * `except ... as name`, and nested `def` / `class` names.
 */
function namesBoundOtherwise(body: Node): string[] {
  const names: string[] = [];
  for (const node of descendantsInScope(body, OTHER_BINDERS)) {
    if (node.type !== 'identifier') {
      const name = node.childForFieldName('name')?.text;
      if (name) names.push(name);
      continue;
    }
    // Asked of every name in the scope: `parentOf` remembers what `parent` looks up, slowly in deep code.
    const up = parentOf(node);
    const parent = up?.type === 'expression_list' ? parentOf(up) : up;
    const isOther = parent !== null && OTHER_BINDING_PARENTS.has(parent.type);
    const isExceptOrCase = parent?.type === 'as_pattern_target' && parent.parent?.parent?.type !== 'with_item';
    if (isOther || isExceptOrCase) names.push(node.text);
  }
  return names;
}

// --- self.<name> ----------------------------------------------------------------------------

/** The class of the method whose first parameter is `identifier` (`self`), if it is one. */
function methodOwner(identifier: Node): Node | undefined {
  const method = enclosingFunction(identifier);
  if (method?.type !== 'function_definition' || firstParameterName(method) !== identifier.text) return undefined;
  // A static method's first parameter is an ordinary argument, not the instance.
  if (decoratorsOf(method).some((decorator) => decorator.text === 'staticmethod')) return undefined;
  const holder = method.parent?.type === 'decorated_definition' ? method.parent.parent : method.parent;
  return holder?.type === 'block' && holder.parent?.type === 'class_definition' ? holder.parent : undefined;
}

function firstParameterName(method: Node): string | undefined {
  const first = method.childForFieldName('parameters')?.namedChildren.find((child) => child?.type !== 'comment');
  return first ? parameterName(first) : undefined;
}

/**
 * What `self.<name>` holds: every assignment to it in the class (class-body `name = ...` and
 * `self.name = ...` in any method) must agree.
 */
function selfAttributeOrigin(owner: Node, name: string, context: PythonContext): InstanceOrigin | undefined {
  return memoizedOrigin(`class ${owner.id}:${name}`, context, () =>
    agreedOrigin(indexedBindings(owner, context, () => classAttributeBindings(owner)).get(name) ?? [], context),
  );
}

/** The bindings of each attribute of a class's instances, by attribute name. */
function classAttributeBindings(owner: Node): Map<string, Binding[]> {
  const index = new Map<string, Binding[]>();
  for (const member of owner.childForFieldName('body')?.namedChildren ?? []) {
    if (!member) continue;
    const method = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (method?.type === 'function_definition') {
      const self = firstParameterName(method);
      const body = method.childForFieldName('body');
      if (self && body) addAttributeBindings(index, body, self);
    } else if (member.type === 'expression_statement' && member.firstNamedChild?.type === 'assignment') {
      addAssignedBindings(index, member.firstNamedChild);
    }
  }
  return index;
}

/** Statements whose targets can be `self.<name>`. */
const ATTRIBUTE_BINDERS = new Set(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'delete_statement']);

/** What a statement writes to: its left side, a `with` item's `as` target, everything a `del` names. */
function writtenTarget(binder: Node): Node | null {
  if (binder.type === 'delete_statement') return binder;
  if (binder.type === 'as_pattern') return binder.parent?.type === 'with_item' ? binder.childForFieldName('alias') : null;
  return binder.childForFieldName('left');
}

/** Bindings of `<self>.<attribute>` in a method body (not in functions nested in it), added to `index`. */
function addAttributeBindings(index: Map<string, Binding[]>, body: Node, self: string): void {
  for (const binder of descendantsInScope(body, ATTRIBUTE_BINDERS)) {
    const target = writtenTarget(binder);
    if (!target) continue;
    for (const attribute of [target, ...target.descendantsOfType('attribute')]) {
      const name = attribute && selfAttributeName(attribute, self);
      if (!attribute || !name) continue;
      // `self.x[0] = v` and `self.x.y = v` change the object, not what `self.x` holds.
      const parentType = attribute.parent?.type;
      if (!attribute.equals(target) && (parentType === 'subscript' || parentType === 'attribute')) continue;
      const source = binder.type === 'as_pattern' ? binder.namedChild(0) : binder.childForFieldName('right');
      addBinding(index, name, source && binder.type !== 'delete_statement' ? bindingFrom(binder, attribute, source) : 'opaque');
    }
  }
}

/** `x` for `<self>.x`; undefined for any other node. */
function selfAttributeName(node: Node, self: string): string | undefined {
  const object = node.childForFieldName('object');
  const isSelf = node.type === 'attribute' && object?.type === 'identifier' && object.text === self;
  return isSelf ? node.childForFieldName('attribute')?.text : undefined;
}
