import { detectDrift, type DriftReport } from '../../drift/index.js';
import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import { STDIN } from '../../manifest/load.js';
import type { ManifestPatch } from '../../patch/types.js';
import { renderDriftJson } from '../../render/drift/json.js';
import { renderDriftMarkdown, type AcceptedDrift } from '../../render/drift/markdown.js';
import { renderDriftProblems, renderDriftText } from '../../render/drift/text.js';
import { verdictLine } from '../../render/drift/words.js';
import { patchPathOf, renderManifestPatch } from '../../render/patch/manifest-patch.js';
import { notPatchedLine, renderWriteSummary } from '../../render/patch/words.js';
import { printable } from '../../render/common/printable.js';
import { preparePlan, type PreparedPlan } from '../../session/prepare-plan.js';
import { userMessageOf } from '../../user-message.js';
import { driftExitCode } from '../drift-exit-code.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { formatOf } from '../format-option.js';
import type { FleetOptions } from '../fleet.js';
import { refuseFleetOptions } from '../fleet-flags.js';
import { targetOf, UsageError } from '../target.js';

type Format = 'text' | 'json' | 'markdown' | 'patch';

interface DriftOptions extends FleetOptions {
  file?: string[];
  format?: Format;
  json?: boolean;
  output?: string;
  failOnUnmanaged?: boolean;
  write?: boolean;
}

/**
 * `drift`: plan, then read the plan as drift. Exit 0 none, 2 drift, 1 when
 * the check could not be completed. With --output the report goes to the
 * file and the verdict to stdout, so a CI log still says what happened.
 * `--format patch` prints the drift accepted into the manifest as a unified
 * diff; `--write` makes that edit in place and prints what it changed.
 */
export async function run(options: DriftOptions, globals: GlobalOptions): Promise<number> {
  const format = formatOf(options, 'text', 'drift');
  if (options.fleet !== undefined) return (await import('./drift-fleet.js')).runDriftFleet({ ...options, format }, globals);
  refuseFleetOptions(options, 'drift');
  if (!options.file) throw new UsageError("required option '-f, --file <manifest>' not specified", 'drift');
  refuseImpossible(options.file, options, format);
  if (options.output) await refuseUnwritable(options.output, 'the report');
  // Mass deletes are drift like any other; whether apply may make them is not this command's question.
  const prepared = await preparePlan(targetOf(globals), { manifest: options.file, allowMassDelete: false });
  const report = detectDrift(prepared.plan, prepared.observed, prepared.desired);
  // Warnings and what stopped the check go to stderr whatever the format (JSON and markdown hold them too).
  writeErr(renderDriftProblems(report, { color: colorWanted(process.stderr, !globals.color) }));
  // A patch of an incomplete check would be a guess: none is made.
  const patch = report.status === 'error' ? undefined : await patchOf(prepared, options, format);
  if (patch && (options.write || format === 'patch')) for (const item of patch.notPatched) writeErr(notPatchedLine(item));
  if (options.write) return writeInPlace(prepared, report, patch, { ...options, format });
  const accepted = patch && acceptedOf(prepared, patch);
  if (options.output) {
    await writeFileAtomic(options.output, render(report, format, false, accepted));
    writeOut(verdictLine(report));
  } else {
    // On the terminal the errors are on stderr already; a report file keeps them.
    writeOut(render(report, format, colorWanted(process.stdout, !globals.color), accepted, true));
  }
  return driftExitCode(report, options.failOnUnmanaged === true);
}

function refuseImpossible(files: string[], options: DriftOptions, format: Format): void {
  if (files.length > 1 && (options.write || format === 'patch')) {
    // Where an accepted difference belongs (a user the server added: the shared file or this target's overlay?) is a person's choice.
    throw new UsageError(
      `${options.write ? '--write' : '--format patch'} edits one manifest file, and with ${files.length} layered files a difference the server has could belong in any of them; give one -f, or use the text, json or markdown report and edit the file it belongs in`,
      'drift',
    );
  }
  if (options.file?.[0] === STDIN && options.write) throw new UsageError('--write edits the manifest file in place, and -f - reads it from stdin; give the path of the manifest', 'drift');
  if (options.file?.[0] === STDIN && format === 'patch') throw new UsageError('--format patch names the manifest file in the patch, and -f - reads it from stdin; give the path of the manifest', 'drift');
  if (options.write && (options.format !== undefined || options.json) && !options.output) {
    throw new UsageError(`--write prints what it changed; give --output FILE for the ${format} report as well`, 'drift');
  }
}

/** The manifest edited in place: what changed on stdout, the report (if asked for) in its file. */
async function writeInPlace(prepared: PreparedPlan, report: DriftReport, patch: ManifestPatch | undefined, options: DriftOptions & { format: Format }): Promise<number> {
  const code = driftExitCode(report, options.failOnUnmanaged === true);
  if (!patch) {
    writeErr(`${prepared.loaded.file} was not changed: the drift check is incomplete.`);
    return code;
  }
  if (options.output) await writeFileAtomic(options.output, render(report, options.format, false, acceptedOf(prepared, patch)));
  const { writeAcceptedManifest } = await import('../../session/write-manifest.js');
  await writeAcceptedManifest(prepared.loaded, patch);
  const differences = [...report.drift, ...report.held].map((item) => item.address);
  writeOut(`${verdictLine(report)}\n${renderWriteSummary(patch, prepared.loaded.file, differences)}`);
  return code;
}

/**
 * The drift accepted into the manifest, when the output needs it: the patch
 * and --write are made of it; the markdown report shows it as a bonus, so a
 * defect in making it must not cost a nightly job its drift report.
 */
async function patchOf(prepared: PreparedPlan, options: DriftOptions, format: Format): Promise<ManifestPatch | undefined> {
  const needed = options.write === true || format === 'patch';
  // A layered manifest's report has no patch: no single file to patch (see refuseImpossible).
  if (!needed && (format !== 'markdown' || options.file?.[0] === STDIN || prepared.loaded.layers)) return undefined;
  // Loaded only here: the text and JSON reports need no manifest edits.
  const { acceptDrift } = await import('../../session/accept-drift.js');
  if (needed) return acceptDrift(prepared);
  try {
    return acceptDrift(prepared);
  } catch (error) {
    writeErr(`Warning: the report has no patch: ${printable(userMessageOf(error))} (unexpected; run drift --format patch --debug to see where it happened)`);
    return undefined;
  }
}

function acceptedOf(prepared: PreparedPlan, patch: ManifestPatch): AcceptedDrift {
  const file = patchPathOf(prepared.loaded.absolutePath, process.cwd());
  return { file, patch: renderManifestPatch(patch, file), notPatched: patch.notPatched };
}

function render(report: DriftReport, format: Format, color: boolean, accepted: AcceptedDrift | undefined, errorsApart = false): string {
  if (format === 'json') return renderDriftJson(report);
  if (format === 'markdown') return renderDriftMarkdown(report, accepted);
  if (format === 'patch') return accepted?.patch ?? '';
  return renderDriftText(report, { color, errorsApart });
}
