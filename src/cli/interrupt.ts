import { writeErr } from './output.js';

export interface Interruption {
  /** Aborted at the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** Gives the signals back to Node's defaults. */
  dispose(): void;
}

/**
 * While apply runs, the first SIGINT or SIGTERM asks it to stop after the
 * changes in flight, so none is left half done; a second one ends the process
 * at once, for the person who cannot wait.
 */
export function stopOnSignals(): Interruption {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      writeErr(`\nReceived ${name}: finishing the change in flight, then stopping (interrupt again to quit at once).`);
      controller.abort();
      return;
    }
    writeErr(`Received ${name} again: quitting now. A change in flight may be half done; run plan to see where things stand.`);
    // The one exit outside main.ts: waiting for main would mean waiting for the change in flight.
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
