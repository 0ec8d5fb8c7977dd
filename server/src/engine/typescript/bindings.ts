// What names bound by imports and `require` refer to: `readFileSync` -> `fs.readFileSync`.
import ts from 'typescript';

/** Local name -> dotted name (`fs`, `fs.readFileSync`, `fs/promises.readFile`). */
export type ModuleBindings = ReadonlyMap<string, string>;

/** Modules that re-export Node's `fs` API under the same names. */
const FS_ALIASES = new Set(['fs-extra', 'graceful-fs']);

/** `node:fs` and `fs` are the same module; the rules name modules without the scheme. */
export function normaliseModule(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return FS_ALIASES.has(bare) ? 'fs' : bare;
}

function requireTarget(node: ts.Expression | undefined): string | undefined {
  if (
    node &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0])
  ) {
    return normaliseModule(node.arguments[0].text);
  }
  return undefined;
}

function bindImport(declaration: ts.ImportDeclaration, bindings: Map<string, string>): void {
  const clause = declaration.importClause;
  if (!clause || !ts.isStringLiteral(declaration.moduleSpecifier)) return;
  const module = normaliseModule(declaration.moduleSpecifier.text);
  if (clause.name) bindings.set(clause.name.text, module);
  const named = clause.namedBindings;
  if (!named) return;
  if (ts.isNamespaceImport(named)) {
    bindings.set(named.name.text, module);
    return;
  }
  for (const element of named.elements) {
    const imported = (element.propertyName ?? element.name).text;
    bindings.set(element.name.text, imported === 'default' ? module : `${module}.${imported}`);
  }
}

function bindRequire(declaration: ts.VariableDeclaration, bindings: Map<string, string>): void {
  const initializer = declaration.initializer;
  const direct = requireTarget(initializer);
  // `require('fs').promises` binds the member.
  const member =
    initializer && ts.isPropertyAccessExpression(initializer) ? requireTarget(initializer.expression) : undefined;
  const target = direct ?? (member && initializer && ts.isPropertyAccessExpression(initializer) ? `${member}.${initializer.name.text}` : undefined);
  if (!target) return;
  if (ts.isIdentifier(declaration.name)) {
    bindings.set(declaration.name.text, target);
    return;
  }
  if (ts.isObjectBindingPattern(declaration.name)) {
    for (const element of declaration.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
      bindings.set(element.name.text, `${target}.${imported}`);
    }
  }
}

/** Imports anywhere at the top level, and `require` calls in top-level declarations. */
export function collectBindings(sourceFile: ts.SourceFile): ModuleBindings {
  const bindings = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      bindImport(statement, bindings);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression)) bindings.set(statement.name.text, normaliseModule(expression.text));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bindRequire(declaration, bindings);
    }
  }
  return bindings;
}
