/** A value as the manifest has it, cut to a readable length: for messages about non-secret fields only. */
export function shown(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
