/** Portainer keeps every timestamp (TokenIssueAt, JWT iat, key dates) in whole unix seconds. */
export function unixSeconds(ms: number = Date.now()): number {
  return Math.floor(ms / 1000);
}
