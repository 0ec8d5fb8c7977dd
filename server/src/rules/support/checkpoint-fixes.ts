// Edits that add a checkpoint statement, `await trio.lowlevel.checkpoint()`, before a
// statement or at the end of a block, indented to fit, on a line of its own or, in a one-line
// suite, joined with `;`.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { indentationOf } from '../../engine/python/syntax';
import type { Fix, TextEdit } from '../../engine/types';
import { checkpointCall } from './sleeps';

const COMPOUND = new Set([
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'with_statement',
  'match_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
]);

/** What to await to checkpoint in the module's library, for messages: asyncio has no checkpoint call, a zero sleep does it. */
export function checkpointHint(context: PythonContext): string {
  const call = checkpointCall(context.library);
  return call === undefined ? 'await asyncio.sleep(0)' : `await ${call}()`;
}

export function statementsOf(block: Node): Node[] {
  return block.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

/** The checkpoint statement spelled through the module's reference to its library, and the import it may need; none for asyncio. */
function checkpointStatement(context: PythonContext): { code: string; imports: TextEdit[] } | undefined {
  const call = checkpointCall(context.library);
  if (call === undefined) return undefined;
  const { reference, edits } = context.moduleReference(context.library);
  return { code: `await ${reference}${call.slice(context.library.length)}()`, imports: edits };
}

function insertion(line: number, character: number, newText: string): TextEdit {
  const position = { line, character };
  return { range: { start: position, end: position }, newText };
}

/** Runs `code` just before the statement: on the line above it, or before it on its own line after `:` or `;`. */
function beforeStatement(statement: Node, code: string, context: PythonContext): TextEdit {
  const indentation = indentationOf(statement, context.lines);
  if (indentation === undefined) return context.insertBefore(statement, `${code}; `);
  return insertion(statement.startPosition.row, 0, `${indentation}${code}${context.lines.eol}`);
}

/**
 * Runs `code` after the block's last statement. After a simple statement the line goes at the
 * end of its last line; after a compound one, before the next line, so that the ends of nested
 * blocks finishing on the same line each get their own place.
 */
function afterBlock(block: Node, code: string, context: PythonContext): TextEdit | undefined {
  const statements = statementsOf(block);
  const first = statements[0];
  const last = statements[statements.length - 1];
  if (!first || !last) return undefined;
  const indentation = indentationOf(first, context.lines);
  if (indentation === undefined) return insertion(last.endPosition.row, last.endPosition.column, `; ${code}`);
  const row = last.endPosition.row;
  const eol = context.lines.eol;
  if (COMPOUND.has(last.type) && row + 1 < context.lines.lineCount) return insertion(row + 1, 0, `${indentation}${code}${eol}`);
  return insertion(row, context.lines.lineText(row).length, `${eol}${indentation}${code}`);
}

function checkpointFix(context: PythonContext, place: (code: string) => TextEdit | undefined): Fix[] {
  const checkpoint = checkpointStatement(context);
  const edit = checkpoint && place(checkpoint.code);
  if (!checkpoint || !edit) return [];
  return [{ title: `Insert '${checkpoint.code}'`, safe: true, edits: [edit, ...checkpoint.imports] }];
}

/** A fix that checkpoints just before the statement; none in asyncio code. */
export function checkpointBeforeFix(statement: Node, context: PythonContext): Fix[] {
  return checkpointFix(context, (code) => beforeStatement(statement, code, context));
}

/** A fix that checkpoints after the block's last statement; none in asyncio code. */
export function checkpointAfterFix(block: Node, context: PythonContext): Fix[] {
  return checkpointFix(context, (code) => afterBlock(block, code, context));
}
