import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { describeReadFailure } from '../files/read-failure.js';
import { formatIssue, type ManifestIssue } from '../manifest/issues.js';
import { UserFacingError } from '../user-message.js';
import { parseFleetText } from './parse.js';
import type { FleetSecretRef } from './schema.js';

export type FleetCredentials = { apiKey: FleetSecretRef } | { username: FleetSecretRef; password: FleetSecretRef };

/** One Portainer of a loaded fleet; its manifests are paths as a person would type them from here. */
export interface FleetTarget {
  name: string;
  url: string;
  /** Relative to the fleet file in the file; here joined to its folder (`fleet/users.yaml`), in order. */
  manifests: string[];
  instanceId?: string;
  credentials?: FleetCredentials;
}

export interface LoadedFleet {
  /** As given on the command line. */
  file: string;
  /** The fleet file's folder: manifests and `{ file }` credentials are relative to it. */
  dir: string;
  targets: FleetTarget[];
  warnings: ManifestIssue[];
}

/** A fleet file that cannot be used: one `FILE:LINE:COL: path: message` line per problem. */
export class FleetError extends UserFacingError {
  readonly issues: ManifestIssue[];

  constructor(issues: ManifestIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

/** Far more than any fleet needs; a bigger file is the wrong file. */
const MAX_FLEET_BYTES = 4 * 1024 * 1024;

/** Reads and checks a fleet file; throws a FleetError naming every problem. */
export async function loadFleet(file: string): Promise<LoadedFleet> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_FLEET_BYTES) throw new FleetError([wholeFile(file, `the fleet file is larger than ${MAX_FLEET_BYTES / 1024 / 1024} MB; is it the right file?`)]);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof FleetError) throw error;
    throw new FleetError([wholeFile(file, `cannot read the fleet file: ${describeReadFailure(error)}`)]);
  }
  const parsed = parseFleetText(text, file);
  if (!parsed.fleet) throw new FleetError(parsed.issues.filter((issue) => issue.severity === 'error'));
  const folder = dirname(file);
  return {
    file,
    dir: resolve(folder),
    targets: parsed.fleet.targets.map((target) => ({
      name: target.name,
      url: target.url,
      manifests: target.manifests.map((manifest) => (isAbsolute(manifest) ? manifest : join(folder, manifest))),
      ...(target.instanceId !== undefined ? { instanceId: target.instanceId } : {}),
      ...(target.credentials !== undefined ? { credentials: target.credentials } : {}),
    })),
    warnings: parsed.issues,
  };
}

function wholeFile(file: string, message: string): ManifestIssue {
  return { file, line: 0, col: 0, path: '', message, severity: 'error' };
}
