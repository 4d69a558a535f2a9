import { describe, expect, it } from 'vitest';
import type { ManifestPatch, NotPatched } from '../../src/patch/index.js';
import { renderDriftMarkdown } from '../../src/render/drift/markdown.js';
import { patchPathOf, renderManifestPatch } from '../../src/render/patch/manifest-patch.js';
import { notPatchedLine, renderWriteSummary } from '../../src/render/patch/words.js';
import { representativeReport } from '../drift/reports.js';

const ORIGINAL = 'version: 1\nusers:\n  - username: alice\n    role: admin\n';
const PATCHED = 'version: 1\nusers:\n  - username: alice\n    role: standard\n';

describe('the manifest patch', () => {
  it('is a unified diff with a/ and b/ headers, and empty when nothing changes', () => {
    expect(renderManifestPatch({ original: ORIGINAL, patched: PATCHED }, 'config/users.yaml')).toBe(
      '--- a/config/users.yaml\n+++ b/config/users.yaml\n@@ -1,4 +1,4 @@\n version: 1\n users:\n   - username: alice\n-    role: admin\n+    role: standard\n',
    );
    expect(renderManifestPatch({ original: ORIGINAL, patched: ORIGINAL }, 'users.yaml')).toBe('');
  });

  it('names the manifest relative to the working directory, with forward slashes', () => {
    expect(patchPathOf('/work/repo/config/users.yaml', '/work/repo')).toBe('config/users.yaml');
    expect(patchPathOf('/work/users.yaml', '/work/repo')).toBe('../users.yaml');
  });
});

describe('the markdown drift report with the patch', () => {
  const notPatched: NotPatched[] = [{ address: 'user.alice.apiKey[deploy]', code: 'key-rotation' }];

  it('folds the patch in a diff block and lists what it leaves out', () => {
    const patch = renderManifestPatch({ original: ORIGINAL, patched: PATCHED }, 'users.yaml');
    const markdown = renderDriftMarkdown(representativeReport(), { file: 'users.yaml', patch, notPatched });
    expect(markdown).toContain(`<summary>Patch of users.yaml (8 lines): apply it with git apply, or run portainer-users drift --write</summary>\n\n\`\`\`diff\n${patch}\`\`\`\n\n</details>`);
    expect(markdown).toContain('\n- `user.alice.apiKey[deploy]`: the key is older than its rotateAfter');
  });

  it('says so when nothing can be accepted, and has no section when there is nothing to say', () => {
    expect(renderDriftMarkdown(representativeReport(), { file: 'users.yaml', patch: '', notPatched })).toContain('No difference can be accepted into `users.yaml` by a patch.');
    expect(renderDriftMarkdown(representativeReport(), { file: 'users.yaml', patch: '', notPatched: [] })).toBe(renderDriftMarkdown(representativeReport()));
  });

  it('points to --format patch instead of a patch too large for the comment, and stays under the budget', () => {
    const huge = `--- a/users.yaml\n+++ b/users.yaml\n${'+  - username: someone-with-a-long-name\n'.repeat(2_000)}`;
    const markdown = renderDriftMarkdown(representativeReport(), { file: 'users.yaml', patch: huge, notPatched });
    expect(markdown.length).toBeLessThan(60_000);
    expect(markdown).not.toContain('```diff');
    expect(markdown).toContain('The patch of `users.yaml` (2002 lines) is too large for this comment: run `portainer-users drift -f users.yaml --format patch` to see it.');
    expect(markdown).toContain('`user.alice.apiKey[deploy]`');
  });

  it('keeps a fence longer than any backticks the manifest holds', () => {
    const patch = '--- a/users.yaml\n+++ b/users.yaml\n@@ -1 +1 @@\n-# ```\n+# ````\n';
    expect(renderDriftMarkdown(representativeReport(), { file: 'users.yaml', patch, notPatched: [] })).toContain(`\`\`\`\`\`diff\n${patch}\`\`\`\`\``);
  });
});

describe('the words of a patch', () => {
  const patch: ManifestPatch = {
    original: ORIGINAL,
    patched: PATCHED,
    edits: [
      { kind: 'remove-user', address: 'user.carol', username: 'carol' },
      { kind: 'set-role', address: 'user.alice', username: 'alice', role: 'standard' },
    ],
    notPatched: [],
  };

  it('--write lists its edits by address and says what it wrote, counting the differences they accept', () => {
    // Carol's removal accepts her key too: three differences, two edits.
    const differences = ['user.alice', 'user.carol', 'user.carol.apiKey[ci]'];
    expect(renderWriteSummary(patch, 'users.yaml', differences)).toBe(
      '  ~ user.alice: role set to standard, as on the server\n  - user.carol: removed: the server has no such user\nWrote users.yaml: 2 edits accept all 3 differences.\n',
    );
    const withHeld = { ...patch, notPatched: [{ address: 'user.bob', code: 'held' as const }] };
    expect(renderWriteSummary(withHeld, 'users.yaml', [...differences, 'user.bob'])).toMatch(/2 edits accept 3 of the 4 differences; 1 is not patched \(listed on stderr\)\.\n$/);
    expect(renderWriteSummary({ ...patch, patched: ORIGINAL, edits: [] }, 'users.yaml', [])).toBe('No change to users.yaml: there is no difference a patch can accept.\n');
  });

  it('names an address from the server with its control characters escaped', () => {
    expect(notPatchedLine({ address: 'user.evil\u001b[2J', code: 'unrepresentable' })).toBe(
      "Not patched: user.evil\\u001b[2J: the server's name or description is not one a manifest can hold",
    );
  });
});
