#!/usr/bin/env node
// Start-up: `--version` and `--help` next to a bare `node -e 0` on the same
// machine, runs interleaved so that load from elsewhere hits all three alike.
// Build first (`npm run build`).
import { BIN, runNode } from './support/child.mjs';
import { finish, median, ms, printTable } from './support/table.mjs';

const RUNS = 21;
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'portainer-users --version', args: [BIN, '--version'] },
  { name: 'portainer-users --help', args: [BIN, '--help'] },
];

const timings = cases.map(() => []);
for (let run = 0; run < RUNS; run += 1) {
  for (const [index, { args }] of cases.entries()) {
    const result = await runNode(args, { memory: false });
    if (result.code !== 0) throw new Error(`node ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
    timings[index].push(result.wallMs);
  }
}
const [bare, ...cli] = timings.map(median);
const rows = [
  { name: `node -e 0 (median of ${RUNS})`, figure: ms(bare), target: '-' },
  ...cli.map((figure, index) => ({ name: `${cases[index + 1].name} (median of ${RUNS})`, figure: ms(figure), target: '<= 1.5x node -e 0', ratio: figure / bare, limit: 1.5 })),
];
finish(printTable('start-up', rows));
