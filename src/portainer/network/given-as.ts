/**
 * How a person gave each setting a sentence may name: `--url` or
 * `PORTAINER_URL`, `--ca-cert` or `PORTAINER_CA_CERT`. A sentence that names
 * the flag when the variable was set sends the person looking in the wrong
 * place. Absent (a library caller): the flag's name.
 */
export interface GivenAs {
  url?: string;
  apiKey?: string;
  caCert?: string;
  insecure?: string;
}

export const FLAG_NAMES: Required<GivenAs> = { url: '--url', apiKey: '--api-key', caCert: '--ca-cert', insecure: '--insecure' };

/** The name a sentence gives a setting. */
export function nameOf(givenAs: GivenAs | undefined, setting: keyof GivenAs): string {
  return givenAs?.[setting] ?? FLAG_NAMES[setting];
}
