import { createInterface } from 'node:readline/promises';

/** Asks on the terminal, as Terraform does; only `yes` goes on. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `);
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
  }
}
