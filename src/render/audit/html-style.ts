/** The page's only style, inline (the page loads nothing); its hash is in the page's Content-Security-Policy. */
export const STYLE = `
:root { color-scheme: light; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
body { margin: 0; padding: 16px 20px; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 20px 0 8px; }
.meta { color: #59636e; margin: 0 0 12px; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input { font: inherit; padding: 4px 8px; border: 1px solid #d1d9e0; border-radius: 6px; width: 220px; }
#shown { color: #59636e; }
#matrix { overflow: auto; max-height: calc(100vh - 190px); min-height: 120px; border: 1px solid #d1d9e0; border-radius: 6px; }
#matrix-table { border-collapse: separate; border-spacing: 0; table-layout: fixed; }
#matrix-table th, #matrix-table td { height: 26px; padding: 0 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid #eff2f5; box-sizing: border-box; }
#matrix-table thead th { position: sticky; top: 0; z-index: 2; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; text-align: left; font-weight: 600; }
#matrix-table th.environment, #matrix-table td.cell { width: 120px; min-width: 120px; max-width: 120px; }
#matrix-table th.user, #matrix-table th.corner { position: sticky; left: 0; width: 200px; min-width: 200px; max-width: 200px; background: #fff; text-align: left; border-right: 1px solid #d1d9e0; z-index: 1; }
#matrix-table th.corner { z-index: 3; background: #f6f8fa; }
#matrix-table th.user.admin { font-style: italic; }
#matrix-table .spacer { padding: 0; border: 0; }
#matrix-table tr.spacer-row td, #matrix-table tr.spacer-row { padding: 0; border: 0; }
td.cell { font-size: 12px; }
td.r-administrator { background: #fbe3e4; color: #82071e; }
td.r-environment-admin { background: #ffebe9; color: #a40e26; }
td.r-operator { background: #fff1e5; color: #953800; }
td.r-helpdesk { background: #fff8c5; color: #7d4e00; }
td.r-standard, td.r-access { background: #dafbe1; color: #116329; }
td.r-read-only { background: #ddf4ff; color: #0550ae; }
td.r-other { background: #fbefff; color: #6e40c9; }
#keys, #targets { border-collapse: collapse; }
#keys th, #keys td, #targets th, #targets td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eff2f5; }
#targets tr.failed td { color: #82071e; }
#keys tr.stale td { color: #953800; font-weight: 600; }
#keys tr.unreadable td { color: #59636e; font-style: italic; }
`;
