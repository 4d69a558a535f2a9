import { createInterface } from 'node:readline';

/** What a person answered: only `yes` goes on; Ctrl-C and Ctrl-D (end of input) are answers too. */
export type Confirmation = 'yes' | 'no' | 'interrupted' | 'end-of-input';

/** Asks on the terminal, as Terraform does. */
export function confirmOnTerminal(question: string): Promise<Confirmation> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    let answered = false;
    const answer = (value: Confirmation) => {
      if (answered) return;
      answered = true;
      resolve(value);
      prompt.close();
    };
    prompt.on('SIGINT', () => answer('interrupted'));
    prompt.on('close', () => answer('end-of-input'));
    prompt.question(`${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `, (text) => answer(text.trim() === 'yes' ? 'yes' : 'no'));
  });
}
