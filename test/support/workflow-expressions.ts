/**
 * GitHub Actions expressions, as much of them as the examples use: literals,
 * context paths (`steps.plan.outputs.changes-digest`), `!`, `==`, `!=`,
 * `&&`, `||`, parentheses, and the functions always(), success(),
 * failure(), format(), fromJSON() and toJSON(). Anything else is refused, so an example that
 * starts to use more fails its test instead of being evaluated wrongly.
 */

export type Value = string | number | boolean | null | { [key: string]: Value } | Value[];
export interface Contexts {
  [name: string]: Value;
}
export interface JobStatus {
  failed: boolean;
}

type Token = { kind: 'string' | 'number' | 'word' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|&&|\|\||[!().,\[\]]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new Error(`expression: cannot read ${JSON.stringify(source.slice(index))} in ${JSON.stringify(source)}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].slice(1, -1).replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'word', text: match[3] });
    else tokens.push({ kind: 'op', text: match[4] as string });
  }
  return tokens;
}

const truthy = (value: Value): boolean => value !== false && value !== 0 && value !== '' && value !== null;

/** GitHub compares strings case-insensitively, and values of other types as numbers. */
function equal(left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  if (typeof left === typeof right && typeof left !== 'object') return left === right;
  const number = (value: Value) => (value === null ? 0 : typeof value === 'boolean' ? Number(value) : Number(value));
  return number(left) === number(right);
}

const text = (value: Value): string => (value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly contexts: Contexts,
    private readonly status: JobStatus,
  ) {}

  parse(): Value {
    const value = this.or();
    if (this.position < this.tokens.length) throw new Error(`expression: unexpected ${this.tokens[this.position]?.text}`);
    return value;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'op' && token.text === text;
  }

  private expect(text: string): void {
    if (!this.peek(text)) throw new Error(`expression: expected ${text}`);
    this.position++;
  }

  private or(): Value {
    let value = this.and();
    while (this.peek('||')) {
      this.position++;
      const right = this.and();
      value = truthy(value) ? value : right;
    }
    return value;
  }

  private and(): Value {
    let value = this.comparison();
    while (this.peek('&&')) {
      this.position++;
      const right = this.comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  }

  private comparison(): Value {
    const left = this.unary();
    if (this.peek('==') || this.peek('!=')) {
      const negate = this.tokens[this.position++]?.text === '!=';
      return equal(left, this.unary()) !== negate;
    }
    return left;
  }

  private unary(): Value {
    if (this.peek('!')) {
      this.position++;
      return !truthy(this.unary());
    }
    return this.primary();
  }

  private primary(): Value {
    const token = this.tokens[this.position++];
    if (!token) throw new Error('expression: ends too soon');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op' && token.text === '(') {
      const value = this.or();
      this.expect(')');
      return value;
    }
    if (token.kind !== 'word') throw new Error(`expression: unexpected ${token.text}`);
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    if (this.peek('(')) return this.call(token.text);
    return this.path(this.contexts[token.text] ?? null);
  }

  private path(start: Value): Value {
    let value = start;
    for (;;) {
      if (this.peek('.')) {
        this.position++;
        const name = this.tokens[this.position++];
        if (name?.kind !== 'word') throw new Error('expression: expected a property name');
        value = property(value, name.text);
      } else if (this.peek('[')) {
        this.position++;
        const key = this.or();
        this.expect(']');
        value = property(value, text(key));
      } else {
        return value;
      }
    }
  }

  private call(name: string): Value {
    this.expect('(');
    const args: Value[] = [];
    while (!this.peek(')')) {
      args.push(this.or());
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    switch (name) {
      case 'always':
        return true;
      case 'success':
        return !this.status.failed;
      case 'failure':
        return this.status.failed;
      case 'fromJSON':
        return JSON.parse(text(args[0] ?? '')) as Value;
      case 'toJSON':
        return JSON.stringify(args[0] ?? null, null, 2);
      case 'format':
        return text(args[0] ?? '').replace(/\{(\d+)\}/g, (_, index: string) => text(args[Number(index) + 1] ?? ''));
      default:
        throw new Error(`expression: ${name}() is not emulated`);
    }
  }
}

function property(value: Value, name: string): Value {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (value[key] ?? null);
}

export function evaluate(expression: string, contexts: Contexts, status: JobStatus = { failed: false }): Value {
  return new Parser(tokenize(expression), contexts, status).parse();
}

/** An `if:` condition: without a status function it means `success() && (...)`. */
export function condition(source: string | boolean | undefined, contexts: Contexts, status: JobStatus): boolean {
  if (source === undefined) return !status.failed;
  const expression = String(source).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  const value = truthy(evaluate(expression, contexts, status));
  return /\b(always|failure|success|cancelled)\(/.test(expression) ? value : value && !status.failed;
}

/** Replaces every `${{ ... }}` in a string with its value, as the runner does before a step runs. */
export function interpolate(template: string, contexts: Contexts, status: JobStatus = { failed: false }): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => text(evaluate(expression, contexts, status)));
}
