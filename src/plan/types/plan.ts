import type { Change } from './changes.js';
import type { HeldCode, Problem } from './problems.js';
import type { Authentication } from './state.js';

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

/** A difference the planner keeps back for safety: the change it would have made, and which rule stopped it. */
export interface HeldChange {
  change: Change;
  code: HeldCode;
}

/** What the pure planner computes from desired, observed and context. */
export interface PlanBody {
  changes: Change[];
  summary: PlanSummary;
  /** Every rule that fired, errors and warnings, by address. */
  problems: Problem[];
  /** Changes kept back for safety, in apply order; each also has a `held.*` warning in `problems`. */
  held: HeldChange[];
  /** No problem is an error: apply may go ahead. */
  applyable: boolean;
}

/** Where a plan came from; filled in by the command that made it. */
export interface PlanMeta {
  target: string;
  /** The manifest file; with several layered, the first. */
  manifest: string;
  /** Over every manifest file, in order. */
  manifestDigest: string;
  observedDigest: string;
  /** Every manifest file of a layered manifest, in order; absent for one file (whose plan is as it always was). */
  manifests?: string[];
  /** The server's InstanceID (`GET /api/system/status`), when it says one: what a fleet file pins. */
  instanceId?: string;
  /** `--replace ADDRESS`: the keys this plan replaces whatever their age, so that `apply PLANFILE` plans afresh with them too. */
  replace?: string[];
}

/**
 * The public, versioned plan object of `plan --json` and `plan --out`
 * (the JSON form adds format 1's `warnings` and `errors`, and each problem's
 * sentence, rendered from `problems`).
 */
export interface Plan extends PlanMeta, PlanBody {
  formatVersion: 1;
  /** How the server authenticates (an LDAP or OAuth Portainer's users have no local password). */
  authentication: Authentication;
  /** `sha256:` of the canonical change list: what a reviewer approved, in one value. */
  changesDigest: string;
}
