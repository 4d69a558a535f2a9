import { createInterface } from 'node:readline';

/** What a person answered: only `yes` goes on; Ctrl-C, SIGTERM and Ctrl-D (end of input) are answers too. */
export type Confirmation = 'yes' | 'no' | 'interrupted' | 'end-of-input';

/**
 * Asks on the terminal, as Terraform does. SIGTERM (a CI job cancelled, a
 * `kill`) is taken as Ctrl-C is: the apply is cancelled in words, not ended
 * silently by Node's default for the signal.
 */
export function confirmOnTerminal(question: string): Promise<Confirmation> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    let answered = false;
    const onTerminate = () => answer('interrupted');
    const answer = (value: Confirmation) => {
      if (answered) return;
      answered = true;
      process.off('SIGTERM', onTerminate);
      resolve(value);
      prompt.close();
    };
    process.on('SIGTERM', onTerminate);
    prompt.on('SIGINT', () => answer('interrupted'));
    prompt.on('close', () => answer('end-of-input'));
    prompt.question(`${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `, (text) => answer(text.trim() === 'yes' ? 'yes' : 'no'));
  });
}
