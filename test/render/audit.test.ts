import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/index.js';
import { renderAuditCsv, renderAuditHtml, renderAuditMarkdown, renderAuditText } from '../../src/render/audit/index.js';

function report(access: AuditReport['access'], users?: AuditReport['users']): AuditReport {
  const names = [...new Set(access.map((cell) => cell.user))];
  return {
    formatVersion: 1,
    target: 'https://portainer.example:9443',
    instanceId: null,
    users: users ?? names.map((username) => ({ username, role: 'standard', teams: [], keys: 'readable' })),
    access,
    keys: [],
  };
}

describe('audit CSV', () => {
  it('is one row per cell after a header, with CRLF line ends and RFC 4180 quoting', () => {
    const csv = renderAuditCsv(report([
      { user: 'alice', environment: 'prod, eu', role: 'operator', via: 'team "core"' },
      { user: 'bob', environment: 'lab', role: 'read-only', via: 'environment' },
    ]));
    expect(csv).toBe('user,environment,role,via\r\nalice,"prod, eu",operator,"team ""core"""\r\nbob,lab,read-only,environment\r\n');
  });

  it('never lets a spreadsheet run a server-chosen name as a formula', () => {
    const csv = renderAuditCsv(report([
      { user: '=HYPERLINK("x")', environment: '+1', role: 'operator', via: 'team -ops' },
      { user: '@sum', environment: '-2', role: 'standard', via: 'environment' },
    ]));
    const rows = csv.split('\r\n');
    expect(rows[1]).toBe(`"'=HYPERLINK(""x"")",'+1,operator,team -ops`);
    expect(rows[2]).toBe(`'@sum,'-2,standard,environment`);
  });

  it('shows control characters instead of passing them on', () => {
    expect(renderAuditCsv(report([{ user: 'a\u001b[31m', environment: 'e\nx', role: 'standard', via: 'environment' }]))).toContain('a\\u001b[31m,e\\u000ax,');
  });

  it('names the target on every row when given one (a fleet)', () => {
    expect(renderAuditCsv(report([{ user: 'a', environment: 'e', role: 'access', via: 'environment' }]), 'prod-eu').split('\r\n').slice(0, 2)).toEqual(['target,user,environment,role,via', 'prod-eu,a,e,access,environment']);
  });
});

describe('audit markdown', () => {
  it('escapes names that would break the table or the page', () => {
    const markdown = renderAuditMarkdown(report([{ user: 'a|b', environment: '<img src=x>', role: 'Ops *role*', via: 'team `x`' }]));
    expect(markdown).toContain('| &lt;img src=x&gt; | a\\|b | Ops \\*role\\* | team \\`x\\` |');
    expect(markdown).not.toContain('<img');
  });

  it("stays within GitHub's comment limit and says how much it left out", () => {
    const access = Array.from({ length: 4_000 }, (_, index) => ({ user: `user-${String(index).padStart(5, '0')}`, environment: 'production', role: 'standard', via: 'team developers via group production-eu' }));
    const markdown = renderAuditMarkdown(report(access));
    expect(markdown.length).toBeLessThan(65_536);
    const kept = markdown.split('\n').filter((line) => line.startsWith('| production |')).length;
    expect(kept).toBeGreaterThan(100);
    expect(markdown).toContain(`_${(4_000 - kept).toLocaleString('en')} more rows were left out to keep this comment under GitHub's 65,536-character limit`);
  });
});

describe('audit text', () => {
  it('shows control characters in server names instead of sending them to the terminal', () => {
    const text = renderAuditText(report([{ user: 'eve\u001b]0;pwned\u0007', environment: 'prod\u009b', role: 'standard', via: 'environment' }]));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('eve\\u001b]0;pwned\\u0007');
  });
});

describe('audit HTML', () => {
  const hostile = '</script><script>alert(1)</script><!--';
  const html = renderAuditHtml(report([{ user: hostile, environment: '"><img src=x onerror=alert(1)>', role: 'standard', via: 'team &amp;' }]));

  it('keeps server names inside its embedded data: no element, attribute or comment can be made of them', () => {
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('allows its own style and script by hash and nothing else: no request can leave the page', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).toContain("connect-src 'none'");
    expect(html).not.toMatch(/(src|href)="?(https?:)?\/\//);
  });
});
