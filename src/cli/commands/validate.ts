import type { GlobalOptions } from '../program.js';

export async function run(_options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  throw new Error('the validate command is not built yet');
}
