import { RETRIED_STATUSES } from './retry.js';

/**
 * An answer's headers, read as fetch's `Headers.get` reads them (any case;
 * a repeated header's values joined by ", "), straight from node:http's raw
 * pairs: an answer's headers are read once or twice, if at all, so they are
 * not copied into a `Headers` object for every one of a plan's thousand answers.
 */
export class AnswerHeaders {
  readonly #raw: readonly string[];

  /** `raw`: name, value, name, value..., as node:http's `rawHeaders` gives them. */
  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const wanted = name.toLowerCase();
    let found: string | null = null;
    for (let index = 0; index + 1 < this.#raw.length; index += 2) {
      if (this.#raw[index]!.toLowerCase() !== wanted) continue;
      found = found === null ? this.#raw[index + 1]! : `${found}, ${this.#raw[index + 1]!}`;
    }
    return found;
  }

  /** The pairs as they came, for a `Response` that must carry them. */
  pairs(): [string, string][] {
    const pairs: [string, string][] = [];
    for (let index = 0; index + 1 < this.#raw.length; index += 2) pairs.push([this.#raw[index]!, this.#raw[index + 1]!]);
    return pairs;
  }
}

/**
 * What ky decides a retry on, from one attempt's answer: the status, and a
 * busy one's headers (`Retry-After`); never the body, which the transport
 * keeps. fetch's `Response` holds statuses 200 to 599 only; any other (a
 * broken server's 600) is shown to ky as 500, which, like it, is not busy.
 */
export function responseForKy(answer: { status: number; rawHeaders: readonly string[] }): Response {
  const { status } = answer;
  if (!RETRIED_STATUSES.includes(status)) return new Response(null, { status: status >= 200 && status <= 599 ? status : 500 });
  return new Response(null, { status, headers: new AnswerHeaders(answer.rawHeaders).pairs() });
}
