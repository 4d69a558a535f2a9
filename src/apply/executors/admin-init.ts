import { foldUsername } from '../../plan/match.js';
import type { AdminInitChange } from '../../plan/types/index.js';
import type { ApplyContext } from '../context.js';
import { settleUnknownOutcome } from '../recover.js';

/** `POST /users/admin/init`, without credentials: the server's first administrator. */
export async function initAdmin(change: AdminInitChange, context: ApplyContext): Promise<void> {
  const { username } = change.after;
  try {
    const init = await context.publicClient.initAdmin(username, context.passwordOf(username), context.setupToken);
    if (init.outcome === 'created') {
      context.userIds.set(foldUsername(init.value.username), init.value.id);
      return;
    }
    // Someone else initialised the admin between our plan and this call: that is the state we wanted.
    context.notes.push({ code: 'admin-already-initialised', address: change.address });
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, () => context.publicClient.adminExists());
  }
}
