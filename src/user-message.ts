/** The sentence to show a person for anything thrown: our errors carry a `userMessage`. */
export function userMessageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const userMessage = (error as { userMessage?: unknown }).userMessage;
    if (typeof userMessage === 'string') return userMessage;
    if (error instanceof Error) return error.message;
  }
  return String(error);
}

/** Whether `error` is one of ours, whose `userMessage` is its sentence; anything else thrown is a defect. */
export function hasUserMessage(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { userMessage?: unknown }).userMessage === 'string';
}

/** An error whose message is already the sentence a person should read. */
export class UserFacingError extends Error {
  readonly userMessage: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.userMessage = message;
  }
}
