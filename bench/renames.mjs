#!/usr/bin/env node
// The pure planner with renames (`previously`): a plan of 10,000 users and a team in which 1,000
// users are renamed in place, against one of the same size in which 1,000 users change role
// instead. Renames are worked out before every other differ (and the server's state rewritten
// under the new names), so this measures what that costs beyond planning 1,000 updates.
// Build first (`npm run build`).   node bench/renames.mjs
import { diff } from '../dist/plan/index.js';
import { finish, median, ms, printTable } from './support/table.mjs';

const USERS = 10_000;
const RENAMED = 1_000;
const RUNS = 15;
const WARM_UPS = 3;

/** `renames`: 1,000 users renamed; otherwise the same 1,000 promoted to admin. */
function world(renames) {
  const name = (index) => `user-${String(index).padStart(5, '0')}`;
  const observedUsers = [{ id: 1, username: 'admin', role: 'admin' }];
  const desiredUsers = [{ username: 'admin', role: 'admin', password: { given: true, length: 20 }, bootstrapAdmin: true }];
  for (let index = 0; index < USERS; index += 1) {
    observedUsers.push({ id: index + 2, username: name(index), role: 'standard', apiKeys: [{ id: index + 1, description: 'deploy', dateCreated: 1_700_000_000 }] });
    const renamed = renames && index < RENAMED;
    desiredUsers.push({
      username: renamed ? `${name(index)}-new` : name(index),
      role: !renames && index < RENAMED ? 'admin' : 'standard',
      password: { given: true, length: 20 },
      apiKeys: [{ description: 'deploy' }],
      ...(renamed ? { previously: [name(index)], path: ['users', index] } : {}),
    });
  }
  const members = (count) => desiredUsers.slice(1, count + 1).map((user) => ({ username: user.username, role: 'member' }));
  const observedMembers = observedUsers.slice(1, 501).map((user, index) => ({ membershipId: index + 1, userId: user.id, username: user.username, role: 'member' }));
  return {
    desired: { users: desiredUsers, prune: { users: true, protect: [] }, teams: [{ name: 'ops', members: members(500) }] },
    observed: { adminExists: true, users: observedUsers, teams: [{ id: 1, name: 'ops', members: observedMembers }] },
  };
}

const context = { now: 1_700_000_000, minPasswordLength: 12, runningAs: 'admin', setupToken: { required: false, given: false }, allowMassDelete: false };

function timePlan(renames) {
  const { desired, observed } = world(renames);
  const times = [];
  let changes = 0;
  for (let run = 0; run < WARM_UPS + RUNS; run += 1) {
    // CPU time, not wall time: on a shared machine a plan waiting for a core is not a slower plan.
    const started = process.cpuUsage();
    changes = diff(desired, observed, context).changes.length;
    const used = process.cpuUsage(started);
    if (run >= WARM_UPS) times.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), changes };
}

const promoted = timePlan(false);
const renamed = timePlan(true);
if (promoted.changes !== RENAMED || renamed.changes !== RENAMED) throw new Error(`expected ${RENAMED} changes each, got ${promoted.changes} and ${renamed.changes}`);
const users = USERS.toLocaleString('en');
const changed = RENAMED.toLocaleString('en');
const rows = [
  { name: `diff, ${users} users, ${changed} promoted (CPU, median of ${RUNS})`, figure: ms(promoted.ms), target: '-' },
  { name: `diff, ${users} users, ${changed} renamed`, figure: ms(renamed.ms), target: '<= 1.5x as many promotions', ratio: renamed.ms / promoted.ms, limit: 1.5 },
];
finish(printTable('Renames in the planner', rows));
