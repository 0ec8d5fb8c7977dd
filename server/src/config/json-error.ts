// What is wrong with a text JSON.parse rejected, and where: its own messages carry an offset
// only for some errors, and differ between Node versions.

export interface JsonSyntaxError {
  /** Offset of the first character that keeps the text from being JSON (its length if it ends too early). */
  offset: number;
  problem: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Failure {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

/** The first syntax error in `text`, which must not be valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError {
  let at = 0;
  const fail = (problem: string): never => {
    throw new Failure(at, at >= text.length ? 'the text ends too early' : problem);
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const string = (): void => {
    at++;
    while (at < text.length) {
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') fail('a string must not span lines or hold control characters');
      if (char === '\\') {
        at++;
        if (text[at] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) at += 5;
        else if ('"\\/bfnrt'.includes(text[at] ?? 'x')) at++;
        else fail('invalid escape sequence');
      } else {
        at++;
      }
    }
    fail('unterminated string');
  };
  const sequence = (close: string, member: () => void, expected: string): void => {
    at++;
    skipSpace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      member();
      skipSpace();
      if (text[at] === close) {
        at++;
        return;
      }
      if (text[at] !== ',') fail(`expected ',' or '${close}' after ${expected}`);
      at++;
      skipSpace();
      if (text[at] === close) fail('JSON allows no comma before a closing bracket');
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      sequence(
        '}',
        () => {
          skipSpace();
          if (text[at] !== '"') fail('expected a key in double quotes');
          string();
          skipSpace();
          if (text[at] !== ':') fail("expected ':' after the key");
          at++;
          value();
        },
        'a member',
      );
    } else if (char === '[') {
      sequence(']', value, 'an element');
    } else if (char === '"') {
      string();
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, at));
      NUMBER.lastIndex = at;
      if (literal) at += literal.length;
      else if (NUMBER.test(text)) at = NUMBER.lastIndex;
      else fail('expected a value: a string in double quotes, a number, true, false, null, a list or an object');
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail('unexpected text after the end of the JSON value');
  } catch (error) {
    if (error instanceof Failure) return { offset: error.offset, problem: error.problem };
    // Nesting too deep for the stack: nothing better to say than JSON.parse's own message.
  }
  return { offset: text.length, problem: 'JSON.parse rejected it' };
}
