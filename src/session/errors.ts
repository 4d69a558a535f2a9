import { UserFacingError } from '../user-message.js';

/** A saved or reviewed plan that no longer fits the world: nothing was changed. */
export class StalePlanError extends UserFacingError {}

/** Something that would stop apply half-way, found before its first change: nothing was changed. */
export class PreflightError extends UserFacingError {}

/** `--replace ADDRESS` names no API key the manifest manages: decided from the manifest alone, before the server is read. */
export class ReplaceAddressError extends UserFacingError {}
