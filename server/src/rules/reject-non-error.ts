import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { bindsName, isShadowed } from '../engine/typescript/symbols';
import { parentPastParentheses, unwrapExpression } from '../engine/typescript/syntax';
import type { Fix } from '../engine/types';

/** What a value syntactically is when it cannot be an Error, or undefined when it might be one. */
function nonErrorKind(argument: ts.Expression | undefined, call: ts.CallExpression): string | undefined {
  if (!argument) return 'nothing (undefined)';
  const node = unwrapExpression(argument);
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
      return 'a string';
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
      return 'a number';
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
      return 'a boolean';
    case ts.SyntaxKind.NullKeyword:
      return 'null';
    case ts.SyntaxKind.ObjectLiteralExpression:
      return 'a plain object';
    case ts.SyntaxKind.ArrayLiteralExpression:
      return 'an array';
    case ts.SyntaxKind.VoidExpression:
      return 'undefined';
  }
  if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) return 'a number';
  if (ts.isIdentifier(node) && node.text === 'undefined' && !isShadowed('undefined', call)) return 'undefined';
  return undefined;
}

/** True when `name` at this call is the `reject` parameter of a `new Promise` executor. */
function isExecutorReject(name: string, call: ts.CallExpression, context: TypeScriptContext): boolean {
  for (let up = call.parent; up; up = up.parent) {
    if (!ts.isFunctionLike(up)) continue;
    const index = up.parameters.findIndex((parameter) => bindsName(parameter.name, name));
    if (index < 0) continue;
    if (index !== 1 || !ts.isIdentifier(up.parameters[1].name)) return false;
    const outer = parentPastParentheses(up).parent;
    return (
      ts.isNewExpression(outer) &&
      outer.arguments?.[0] !== undefined &&
      unwrapExpression(outer.arguments[0]) === up &&
      context.qualifiedName(outer.expression) === 'Promise'
    );
  }
  return false;
}

// Rejections that are not Errors carry no stack and break `error.message` in every handler.
export const rejectNonError: Rule = {
  meta: {
    id: 'reject-non-error',
    title: 'Promise rejected with a value that is not an Error',
    languages: ['typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['prefer-promise-reject-errors'],
    checklist: 'rejections-are-errors',
    fixable: true,
    docs: {
      summary:
        'Finds `Promise.reject(value)` and an executor\'s `reject(value)` where the value is plainly not an ' +
        '`Error`: a string, number, boolean, `null`, `undefined`, object or array literal, a template string, or ' +
        'no value at all.',
      why:
        'Code that handles a rejection expects an `Error`: it reads `error.message`, checks `instanceof Error`, ' +
        'and logs `error.stack` to find where things went wrong. A rejected string has no stack, so the log shows ' +
        'a bare message with no location; `error.message` is `undefined`; and error-reporting tools group or drop ' +
        'it. `reject()` with no value makes the failure indistinguishable from a missing result.',
      fix: 'Reject with an `Error` (or a subclass): `reject(new Error("timed out"))`. Put extra data on the error object.',
      examples: {
        typescript: {
          bad:
            'export function timeout(ms: number) {\n  return new Promise<never>((_resolve, reject) => {\n' +
            '    setTimeout(() => reject("timed out"), ms);\n  });\n}',
          good:
            'export function timeout(ms: number) {\n  return new Promise<never>((_resolve, reject) => {\n' +
            '    setTimeout(() => reject(new Error("timed out")), ms);\n  });\n}',
        },
      },
      fixSafety:
        'For string and template-string values the rule offers to wrap them in `new Error(...)`. Not applied by ' +
        'fix-all: handlers that compared the rejected string (`reason === "timed out"`) would change behaviour.',
      notes:
        'Without type information, identifiers and calls are left alone (a variable named `error` may well hold an ' +
        'Error); typescript-eslint\'s `prefer-promise-reject-errors` uses types to judge those too. Like ESLint ' +
        'and typescript-eslint by default, an empty `reject()` is reported. `reject` is recognised as the second ' +
        'parameter of a `new Promise` executor, also inside callbacks nested in the executor, unless a nearer ' +
        'function declares the same name.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      const callee = unwrapExpression(call.expression);
      let label: string;
      if (ts.isIdentifier(callee) && isExecutorReject(callee.text, call, context)) {
        label = `${callee.text}()`;
      } else if (context.qualifiedName(callee) === 'Promise.reject') {
        label = 'Promise.reject()';
      } else {
        return;
      }
      const argument = call.arguments[0];
      const kind = nonErrorKind(argument, call);
      if (!kind) return;
      const fixes: Fix[] = [];
      if (argument && kind === 'a string') {
        fixes.push({
          title: 'Wrap the message in new Error(...)',
          safe: false,
          edits: [context.replace(argument, `new Error(${argument.getText(context.sourceFile)})`)],
        });
      }
      context.report(argument ?? call, `${label} is given ${kind}, not an Error: handlers lose the stack trace and error.message`, { fixes });
    },
  },
};
