import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { Secret } from '../secret.js';

type SecretsDocument = { users: Record<string, Record<string, string>> };

/**
 * Where raw API keys go: Portainer shows each exactly once, so each one is
 * written the moment it arrives, merged with what the file already holds,
 * atomically and readable by the owner alone.
 */
export class SecretsSink {
  readonly path: string;
  #document: SecretsDocument | undefined;

  constructor(path: string) {
    this.path = path;
  }

  async record(username: string, description: string, rawKey: Secret): Promise<void> {
    const document = this.#document ?? (await this.#readExisting());
    const keys = (document.users[username] ??= {});
    keys[description] = rawKey.reveal();
    this.#document = document;
    await writeFileAtomic(this.path, `${JSON.stringify(document, null, 2)}\n`, 0o600);
  }

  async #readExisting(): Promise<SecretsDocument> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { users: {} };
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as SecretsDocument).users !== 'object') {
      throw new Error(`${this.path} is not a secrets file of this tool ({"users": {...}}); refusing to overwrite it`);
    }
    return parsed as SecretsDocument;
  }
}
