import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A password, JWT or raw API key. It prints as `[redacted]` however it is
 * stringified, logged or serialised, so no error message or plan file can
 * carry it by accident; only the HTTP layer calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
