/**
 * How deep a JSON answer nests, checked on its bytes as they arrive, before
 * any `JSON.parse`: a parse of tens of megabytes of `[[[[...` builds tens of
 * millions of arrays (gigabytes) before any schema could refuse them.
 * Portainer's answers nest a few levels (an environment's access map is four
 * deep; a Docker snapshot, which the tool never asks for, about a dozen), so
 * the limit is far beyond any. Bytes suffice: in UTF-8 every byte of a
 * multi-byte character is 0x80 or more, so `"`, `\`, brackets and braces are
 * never part of one.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Fed the answer chunk by chunk; says as soon as the nesting passes the limit. */
export class JsonDepthScanner {
  #depth = 0;
  #inString = false;
  #escaped = false;
  readonly #max: number;

  constructor(max = MAX_JSON_DEPTH) {
    this.#max = max;
  }

  /** True once the text so far opens more than `max` arrays or objects inside one another. */
  tooDeep(chunk: Uint8Array): boolean {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
      } else if (byte === QUOTE) {
        this.#inString = true;
      } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        this.#depth += 1;
        if (this.#depth > this.#max) return true;
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.#depth -= 1;
      }
    }
    return false;
  }
}
