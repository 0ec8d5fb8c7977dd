// The questions the type-aware rules ask the checker, each at one node the rule already chose
// (a statement's expression, a condition, a callback argument, an awaited or returned value):
// nothing here walks the program. The answers follow typescript-eslint's definitions so the
// two tools agree on what a promise is.
import ts from 'typescript';

function unionParts(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function intersectionParts(type: ts.Type): readonly ts.Type[] {
  return type.isIntersection() ? type.types : [type];
}

function isAnyOrUnknown(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/** Some part is `any`, `unknown`, `never` or not yet known (a type parameter, `T[K]`...): no verdict is safe. */
function isUndetermined(type: ts.Type): boolean {
  return unionParts(type).some((part) => isAnyOrUnknown(part) || (part.flags & (ts.TypeFlags.Instantiable | ts.TypeFlags.Never)) !== 0);
}

/**
 * What a function's position expects it to return: `promise` when some expected signature
 * returns a thenable; otherwise `void` when one returns `void`; `any` when they return `any`
 * or `unknown` (the callee says nothing); `unknown` when no function type is expected at all.
 */
export type ExpectedReturn = 'void' | 'promise' | 'any' | 'unknown';

export class TypeQueries {
  private readonly checker: ts.TypeChecker;
  private readonly libFiles = new Map<ts.SourceFile, boolean>();

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  typeOf(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }

  typeToString(type: ts.Type): string {
    return this.checker.typeToString(type);
  }

  /**
   * A native promise: some part of the type is the built-in `Promise` (or a class extending it).
   * Other thenables (VS Code's `Thenable`, query builders) are not, as in typescript-eslint's
   * default `checkThenables: false`.
   */
  isPromise(node: ts.Node): boolean {
    const type = this.checker.getApparentType(this.typeOf(node));
    return unionParts(type).some((part) => this.isBuiltinPromise(part, 0));
  }

  /** The type is determined and is not a native promise. */
  isKnownNonPromise(node: ts.Node): boolean {
    return !isUndetermined(this.typeOf(node)) && !this.isPromise(node);
  }

  /** The type is determined and is not an array or tuple. */
  isKnownNonArray(node: ts.Node): boolean {
    const type = this.typeOf(node);
    if (isUndetermined(type)) return false;
    return !unionParts(this.checker.getApparentType(type)).some((part) => this.checker.isArrayType(part) || this.checker.isTupleType(part));
  }

  /** An array or tuple whose elements are promises (`items.map(save)`). */
  isPromiseArray(node: ts.Node): boolean {
    const type = this.checker.getApparentType(this.typeOf(node));
    return unionParts(type).some((part) => {
      if (!this.checker.isArrayType(part) && !this.checker.isTupleType(part)) return false;
      const elements = this.checker.getTypeArguments(part as ts.TypeReference);
      return elements.length > 0 && elements.some((element) => unionParts(this.checker.getApparentType(element)).some((e) => this.isBuiltinPromise(e, 0)));
    });
  }

  /** Some part of the type has a callable `then` taking a callback: `await` would unwrap it. */
  isSometimesThenable(node: ts.Node, type: ts.Type = this.typeOf(node)): boolean {
    return unionParts(this.checker.getApparentType(type)).some((part) => this.isThenablePart(node, part));
  }

  /** Every part of the type is thenable, so it is always truthy and never the awaited value. */
  isAlwaysThenable(node: ts.Node): boolean {
    const parts = unionParts(this.checker.getApparentType(this.typeOf(node)));
    return parts.length > 0 && parts.every((part) => this.isThenablePart(node, part));
  }

  /**
   * Whether `await` on the node could do anything but yield a tick: `false` only when the type
   * is known and no part of it is thenable. Type parameters and other deferred types answer
   * `true` (they may be instantiated with a promise).
   */
  mayBeThenable(node: ts.Node): boolean {
    const type = this.typeOf(node);
    return isUndetermined(type) || this.isSometimesThenable(node, type);
  }

  /** Some call signature of the node's type returns a thenable (an async function, `() => fetch(url)`). */
  returnsThenable(node: ts.Node): boolean {
    return unionParts(this.typeOf(node)).some((part) =>
      part.getCallSignatures().some((signature) => this.isSometimesThenable(node, signature.getReturnType())),
    );
  }

  /** What the position of a function-valued expression expects it to return, from its contextual type. */
  expectedReturn(node: ts.Expression): ExpectedReturn {
    return this.verdictOf(this.checker.getContextualType(node), node);
  }

  /**
   * The same for a method: of an object literal, from the literal's contextual type; of a
   * class, from the members it overrides or implements (`extends` and `implements` types).
   */
  expectedMethodReturn(method: ts.MethodDeclaration): ExpectedReturn {
    const name = method.name.getText();
    const owner = method.parent;
    const expectations = ts.isObjectLiteralExpression(owner)
      ? [this.checker.getContextualType(owner)]
      : ts.isClassLike(owner)
        ? (owner.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => this.checker.getTypeAtLocation(type)))
        : [];
    let verdict: ExpectedReturn = 'unknown';
    for (const expected of expectations) {
      const member = expected && this.checker.getApparentType(expected).getProperty(name);
      if (!member) continue;
      const found = this.verdictOf(this.checker.getTypeOfSymbolAtLocation(member, method), method);
      if (found === 'promise') return found;
      if (found === 'void' || verdict === 'unknown') verdict = found;
    }
    return verdict;
  }

  /** The type is determined and not callable in every part (`string | (() => void)` is not). */
  isKnownNonFunction(node: ts.Node): boolean {
    const type = this.typeOf(node);
    return !isUndetermined(type) && type.getCallSignatures().length === 0;
  }

  private verdictOf(expected: ts.Type | undefined, node: ts.Node): ExpectedReturn {
    if (!expected) return 'unknown';
    let verdict: ExpectedReturn = 'unknown';
    for (const part of unionParts(expected)) {
      for (const signature of part.getCallSignatures()) {
        const returned = signature.getReturnType();
        if (this.isSometimesThenable(node, returned)) return 'promise';
        if (returned.flags & ts.TypeFlags.Void) verdict = 'void';
        else if (verdict === 'unknown') verdict = 'any';
      }
    }
    return verdict;
  }

  private isThenablePart(node: ts.Node, part: ts.Type): boolean {
    const then = part.getProperty('then');
    if (!then) return false;
    const thenType = this.checker.getTypeOfSymbolAtLocation(then, node);
    return unionParts(thenType).some((candidate) =>
      candidate.getCallSignatures().some((signature) => {
        const first = signature.parameters[0];
        if (!first) return false;
        const parameterType = this.checker.getTypeOfSymbolAtLocation(first, node);
        return unionParts(parameterType).some((p) => p.getCallSignatures().length > 0);
      }),
    );
  }

  private isBuiltinPromise(type: ts.Type, depth: number): boolean {
    if (depth > 8) return false;
    if (type.isIntersection()) return intersectionParts(type).some((part) => this.isBuiltinPromise(part, depth + 1));
    const symbol = type.getSymbol();
    if (!symbol) return false;
    if (symbol.getName() === 'Promise' && this.isDeclaredInDefaultLib(symbol)) return true;
    // `MyPromise<T>` is a reference to the generic class, whose declaration lists the bases.
    const declared = ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0 ? (type as ts.TypeReference).target : type;
    if (declared.isClassOrInterface()) {
      return this.checker.getBaseTypes(declared).some((base) => this.isBuiltinPromise(base, depth + 1));
    }
    return false;
  }

  private isDeclaredInDefaultLib(symbol: ts.Symbol): boolean {
    return (symbol.getDeclarations() ?? []).some((declaration) => {
      const file = declaration.getSourceFile();
      let isLib = this.libFiles.get(file);
      if (isLib === undefined) {
        isLib = this.program.isSourceFileDefaultLibrary(file);
        this.libFiles.set(file, isLib);
      }
      return isLib;
    });
  }
}
