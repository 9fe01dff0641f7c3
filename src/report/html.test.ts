import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import {
  DEV,
  HOSTILE_NAME,
  PROD,
  REPLAY,
  WITNESS,
  WITNESS_SENTENCE,
  finding,
  organizationReport,
  summaryOf,
} from '../../test/browser/htmlReportFixture.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { allChecks } from '../checks/index.js';
import { scanModel } from '../scan/scanModel.js';
import { CONTENT_SECURITY_POLICY, renderHtml } from './html.js';
import type { ClientData, ClientFinding } from './html/data.js';
import { DETAILS_LIMIT } from './html/data.js';
import { REPORT_JS } from './html/script.js';
import { renderReport } from './render.js';

// The HTML report as a document: self-contained, well-formed, escaped, and carrying every finding's data.
// What the script does with it is tested in a real browser (test/browser/htmlReport.test.ts).

const AT = new Date('2026-12-01T12:00:00Z');

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style']);
const TAG = /<!DOCTYPE html>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"<]*")?)*)\s*(\/?)>/g;
const ATTRIBUTE = /\s+([^\s"'>/=]+)(?:="([^"<]*)")?/g;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|#39);)/;

interface Parsed {
  readonly problems: string[];
  readonly ids: string[];
  readonly attributes: { tag: string; name: string; value: string }[];
  readonly rawText: { tag: string; attributes: string; text: string }[];
}

/**
 * A strict reading of our own output: every tag closes in order (void elements never, SVG may self-close),
 * attributes are double-quoted with no duplicates, text and values hold no raw `<` and only our entities.
 */
function parse(document: string): Parsed {
  const problems: string[] = [];
  const ids: string[] = [];
  const attributes: Parsed['attributes'] = [];
  const rawText: Parsed['rawText'] = [];
  const stack: string[] = [];
  let at = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(document); match; match = TAG.exec(document)) {
    const text = document.slice(at, match.index);
    if (text.includes('<'))
      problems.push(`stray "<" in text before offset ${match.index}: ${text.slice(0, 80)}`);
    if (BAD_AMPERSAND.test(text)) problems.push(`bare "&" in text: ${text.slice(0, 80)}`);
    at = TAG.lastIndex;
    const [whole, closing, rawName, attributeText = '', selfClosing] = match;
    if (whole === '<!DOCTYPE html>') {
      if (match.index !== 0) problems.push('doctype not first');
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const seen = new Set<string>();
    ATTRIBUTE.lastIndex = 0;
    for (
      let attribute = ATTRIBUTE.exec(attributeText);
      attribute;
      attribute = ATTRIBUTE.exec(attributeText)
    ) {
      const [, key = '', value = ''] = attribute;
      if (seen.has(key)) problems.push(`duplicate ${key} on <${name}>`);
      seen.add(key);
      if (BAD_AMPERSAND.test(value)) problems.push(`bare "&" in ${key}="${value}"`);
      if (key === 'id') ids.push(value);
      attributes.push({ tag: name, name: key, value });
    }
    if (VOID.has(name)) continue;
    if (selfClosing) {
      if (!stack.includes('svg')) problems.push(`<${name}/> outside SVG`);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const end = document.indexOf(`</${name}>`, at);
      if (end < 0) problems.push(`<${name}> never closed`);
      rawText.push({ tag: name, attributes: attributeText, text: document.slice(at, end) });
      at = end + name.length + 3;
      TAG.lastIndex = at;
      continue;
    }
    stack.push(name);
  }
  if (document.slice(at).trim() !== '') problems.push('text after </html>');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return { problems, ids, attributes, rawText };
}

function embedded(document: string): ClientData {
  const json = parse(document).rawText.find((raw) => raw.attributes.includes('type="application/json"'));
  if (!json) throw new Error('no embedded data');
  return JSON.parse(json.text) as ClientData;
}

/** A finding's data with its string indexes resolved, for readable assertions. */
function resolve(data: ClientData, item: ClientFinding) {
  const text = (index: number | undefined) => (index === undefined ? undefined : data.strings[index]);
  return {
    check: data.checks[item.k],
    status: data.statuses[item.s]?.id,
    severity: data.severities[item.v],
    account: text(item.a),
    name: text(item.n),
    type: text(item.t),
    arn: text(item.r),
    message: text(item.m),
    witness: text(item.w),
    context: item.C?.map(([key, value]) => [text(key), text(value)]),
    replay: text(item.p),
    replayFiles: item.P?.map(([file, policy]) => [text(file), text(policy)]),
    evidence: text(item.e),
    remediation: text(item.x),
    commands: item.c?.map(([command, destructive, needsInput]) => [text(command), destructive, needsInput]),
    terraform: text(item.f),
    details: text(item.d),
    issues: item.i?.map(([statement, message]) => [
      statement < 0 ? undefined : text(statement),
      text(message),
    ]),
    baseline: item.b,
  };
}
const findingNamed = (data: ClientData, name: string) =>
  data.findings.map((item) => resolve(data, item)).find((item) => item.name === name);

describe('html report document', () => {
  const document = renderHtml(organizationReport(), AT);
  const parsed = parse(document);

  it('is well-formed HTML5 with unique ids and references that resolve', () => {
    expect(document.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ids.length).toBe(new Set(parsed.ids).size);
    const ids = new Set(parsed.ids);
    const references = parsed.attributes
      .filter((attribute) => ['for', 'aria-labelledby', 'aria-controls'].includes(attribute.name))
      .flatMap((attribute) => attribute.value.split(' '));
    expect(references.length).toBeGreaterThan(5);
    expect(references.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('needs nothing outside the file: inline style and script allowed by hash, no fetch allowed', () => {
    const csp = parsed.attributes.find(
      (attribute) =>
        attribute.tag === 'meta' && attribute.name === 'content' && attribute.value.includes('default-src'),
    );
    expect(csp?.value.replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const inline = parsed.rawText.filter((raw) => !raw.attributes.includes('application/json'));
    expect(inline.map((raw) => raw.tag).sort()).toEqual(['script', 'style', 'style']);
    for (const raw of inline) expect(CONTENT_SECURITY_POLICY).toContain(hash(raw.text));
    // Nothing to load: no src, no stylesheet link, no url() but to the document's own patterns.
    expect(parsed.attributes.filter((attribute) => attribute.name === 'src')).toEqual([]);
    const hrefs = parsed.attributes.filter((attribute) => attribute.name === 'href').map((a) => a.value);
    const helpUris = new Set(allChecks.map((check) => check.helpUri));
    expect(hrefs.filter((href) => !href.startsWith('#') && href !== 'data:,' && !helpUris.has(href))).toEqual(
      [],
    );
    expect(document.match(/url\((?!#pattern-)/g)).toBeNull();
    expect(document).not.toContain('@import');
  });

  it('embeds the script that runs the page, and it parses', () => {
    expect(() => new Function(REPORT_JS)).not.toThrow();
    expect(document).toContain(REPORT_JS);
  });

  it('shows the scope, the cards by status and severity, and a chart bar per check', () => {
    const { summary } = organizationReport();
    expect(document).toContain('<title>MFA report: organization o-abc123</title>');
    expect(document).toContain('o-abc123 (management account 111111111111)');
    expect(document).toContain('<time datetime="2026-12-01T12:00:00.000Z">');
    expect(document).toContain(
      `<li class="card s-pass"><span class="n">${summary.byStatus.pass}</span><span class="status s-pass"><span class="icon" aria-hidden="true">✓</span>Pass</span></li>`,
    );
    expect(document).toContain(
      `<li class="card sev"><span class="n">${summary.failedBySeverity.high}</span><span class="sev-high">high</span> failed or errored<br><span class="muted">1 unknown</span></li>`,
    );
    const bars = [...document.matchAll(/<g class="bar" data-check="([^"]+)">/g)].map((match) => match[1]);
    expect(bars).toEqual(['root-mfa', 'console-user-mfa', 'user-mfa']);
    expect(document).toContain(
      '<desc id="chart-desc">root-mfa: 1 fail, 1 pass; console-user-mfa: 3 fail, 1 unknown, 1 pass; user-mfa: 1 fail, 150 pass</desc>',
    );
    expect(document).toContain('<title>user-mfa: 150 pass</title>');
  });

  it('gives each check a section with its title, rationale, compliance ids and severity', () => {
    const check = allChecks.find((candidate) => candidate.id === 'console-user-mfa');
    if (!check) throw new Error('console-user-mfa is gone');
    const section = document.slice(document.indexOf('<section class="check" id="check-1"'));
    expect(section).toContain(`data-severity="high"`);
    expect(section).toContain(`<h3 id="check-1-h">${check.title}</h3>`);
    expect(section).toContain(`<p class="rationale">${check.rationale}</p>`);
    for (const id of check.compliance) expect(section).toContain(`<li>${id}</li>`);
    expect(section).toContain(
      '<th scope="col" aria-sort="ascending"><button type="button" class="sort" data-column="0">Status</button></th>',
    );
  });

  it('labels every filter and starts with passes unticked', () => {
    for (const id of ['filter-check', 'filter-account', 'filter-search'])
      expect(document).toContain(`<label for="${id}">`);
    expect(document).toContain('<input type="checkbox" name="status" value="fail" checked> ✗ Fail (5)');
    expect(document).toContain('<input type="checkbox" name="status" value="pass"> ✓ Pass (152)');
    expect(document).toContain(`<option value="${PROD}">${PROD} (prod)</option>`);
    expect(document).toContain(`<option value="${DEV}">${DEV} (dev)</option>`);
    const allPass = renderHtml(
      {
        findings: [finding('user-mfa', 'pass', 'a')],
        summary: summaryOf([finding('user-mfa', 'pass', 'a')]),
      },
      AT,
    );
    expect(allPass).toContain('<input type="checkbox" name="status" value="pass" checked>');
  });

  it('lists the organization accounts with how their scan went', () => {
    expect(document).toContain(
      '<tr><th scope="row">333333333333</th><td>sandbox</td><td>skipped: in --exclude-accounts</td></tr>',
    );
  });

  it('carries each finding in the data, witness and replay and remediation included, in initial order', () => {
    const data = embedded(document);
    expect(data.findings).toHaveLength(organizationReport().findings.length);
    const bob = findingNamed(data, 'bob');
    expect(bob).toMatchObject({
      check: 'console-user-mfa',
      status: 'fail',
      severity: 'high',
      account: PROD,
      type: 'User',
      witness: WITNESS_SENTENCE,
      context: [
        ['aws:username', 'bob'],
        ['aws:MultiFactorAuthPresent', '(absent)'],
      ],
      replay: REPLAY,
      evidence: 'credential-report',
      remediation: 'Enable an MFA device for bob.',
      baseline: 1,
    });
    expect(bob?.commands).toEqual([
      [expect.stringContaining('enable-mfa-device'), 0, 1],
      ['aws iam delete-login-profile --user-name bob', 1, 0],
    ]);
    expect(bob?.terraform).toContain('aws_iam_virtual_mfa_device');
    expect(bob?.details).toBeUndefined();
    expect(WITNESS_SENTENCE).toContain('iam:CreateAccessKey');
    expect(WITNESS_SENTENCE).toContain('AdminAccess');
    expect(data.accountLabels).toEqual({ [PROD]: `${PROD} (prod)`, [DEV]: `${DEV} (dev)` });
    const order = data.findings
      .map((item) => resolve(data, item))
      .filter((item) => item.check === 'console-user-mfa');
    expect(order.map((item) => item.status)).toEqual(['fail', 'fail', 'fail', 'unknown', 'pass']);
    expect(order.map((item) => item.name).slice(0, 3)).toEqual([HOSTILE_NAME, 'bob', 'carol']);
  });
});

describe('html report escaping', () => {
  const hostile = '<script>alert(1)</script>';
  const findings = [
    finding('console-user-mfa', 'fail', HOSTILE_NAME, {
      message: `</script><script>alert(2)</script>\u2028<!-- & ${hostile}`,
      details: {
        witness: {
          ...WITNESS,
          resource: hostile,
          context: { [hostile]: [hostile, '&'] },
          allowedBy: { policy: hostile, statement: hostile },
        },
        replay: `echo '${hostile}'`,
        replayFiles: [{ file: `${hostile}.json`, policy: hostile }],
        issues: [{ statement: hostile, message: hostile }],
        extra: hostile,
      },
      remediation: { text: hostile, cli: [`aws iam tag-user --user-name '${hostile}'`], terraform: hostile },
    }),
  ];
  const input = {
    findings,
    summary: summaryOf(findings, {
      label: `terraform ${hostile}`,
      collectionIssues: [{ what: hostile, reason: '"quoted" & <b>bold</b>' }],
      accounts: [{ id: PROD, name: hostile, status: 'failed', reason: hostile }],
      baseline: {
        file: hostile,
        new: 1,
        unchanged: 0,
        resolved: [
          {
            check: hostile,
            resource: { type: 'AWS::IAM::User', name: hostile, arn: hostile },
            message: hostile,
          },
        ],
      },
    }),
    inputErrors: [{ file: hostile, line: 3, message: hostile }],
  };
  const document = renderHtml(input, AT);

  it('never lets a value become markup', () => {
    expect(parse(document).problems).toEqual([]);
    expect(document.match(/<script/g)).toHaveLength(2);
    expect(document.match(/<\/script>/g)).toHaveLength(2);
    expect(document).not.toContain('<img');
    expect(document).not.toContain('<b>');
    expect(document).not.toContain('<!--');
    expect(document).not.toContain('\u2028');
    expect(document).toContain('terraform &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(document).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('round-trips every value exactly through the embedded JSON', () => {
    const item = findingNamed(embedded(document), HOSTILE_NAME);
    expect(item).toMatchObject({
      message: `</script><script>alert(2)</script>\u2028<!-- & ${hostile}`,
      remediation: hostile,
      replay: `echo '${hostile}'`,
      issues: [[hostile, hostile]],
      witness: expect.stringContaining(`iam:CreateAccessKey on ${hostile} (allowed by ${hostile} ${hostile}`),
      context: [[hostile, `${hostile}, &`]],
      replayFiles: [[`${hostile}.json`, hostile]],
    });
    expect(JSON.parse(item?.details ?? '')).toEqual({ extra: hostile });
  });

  it('replaces control characters, which HTML cannot carry', () => {
    const odd = [finding('user-mfa', 'fail', 'x', { message: 'a\u0000b' })];
    const text = renderHtml({ findings: odd, summary: summaryOf(odd, { label: 'bell\u0007' }) }, AT);
    expect(text).toContain('<title>MFA report: bell\ufffd</title>');
    expect(text).not.toContain('\u0007');
  });
});

describe('html report content', () => {
  it('renders a real scan, notes included', () => {
    const result = scanModel(
      buildAccount(
        snapshot({
          users: [userDetail('alice'), userDetail('bob')],
          report: [
            { name: 'alice', password: true, mfa: false },
            { name: 'bob', password: true, mfa: true },
          ],
        }),
      ),
    );
    const document = renderReport(
      'html',
      {
        ...result,
        summary: {
          ...result.summary,
          collectionIssues: [{ what: 'ListVirtualMFADevices', reason: 'AccessDenied' }],
        },
      },
      { generatedAt: AT },
    );
    expect(parse(document).problems).toEqual([]);
    expect(document).toContain(
      '<li><strong>Could not read</strong> ListVirtualMFADevices: AccessDenied</li>',
    );
    const alice = embedded(document)
      .findings.map((item) => resolve(embedded(document), item))
      .find((item) => item.check === 'console-user-mfa' && item.name === 'alice');
    expect(alice).toMatchObject({ status: 'fail', message: 'console password without MFA' });
    expect(alice?.commands?.length).toBeGreaterThan(0);
  });

  it('gives an unknown check id its own section and shows not-applicable checks and input errors', () => {
    const findings = [finding('future-check', 'fail', 'x')];
    const document = renderHtml(
      {
        findings,
        summary: summaryOf(findings, { notApplicable: ['user-mfa'] }),
        inputErrors: [{ file: 'main.tf', line: 3, column: 7, message: 'expected "}"' }],
      },
      AT,
    );
    expect(document).toContain('<span class="check-id">future-check</span>');
    expect(document).toContain('Not applicable to this input (live device state): user-mfa');
    expect(document).toContain('<li><strong>Input error:</strong> main.tf:3:7: expected &quot;}&quot;</li>');
  });

  it('lists what the baseline had that is gone', () => {
    const findings = [finding('user-mfa', 'fail', 'x', { baseline: 'unchanged' })];
    const resolved = [
      {
        check: 'user-mfa',
        resource: { type: 'AWS::IAM::User', name: 'gone', arn: 'arn:gone' },
        message: 'no MFA device',
      },
    ];
    const document = renderHtml(
      {
        findings,
        summary: summaryOf(findings, { baseline: { file: 'old.json', new: 0, unchanged: 1, resolved } }),
      },
      AT,
    );
    expect(document).toContain('Compared with the baseline old.json: 0 new, 1 unchanged, 1 resolved.');
    expect(document).toContain(
      '<li><code>user-mfa</code> gone <span class="muted">(arn:gone)</span>: no MFA device</li>',
    );
    expect(findingNamed(embedded(document), 'x')?.baseline).toBe(2);
  });

  it('cuts long free-form details, which the JSON report has whole', () => {
    const findings = [finding('user-mfa', 'fail', 'x', { details: { big: 'y'.repeat(DETAILS_LIMIT * 2) } })];
    const details = findingNamed(
      embedded(renderHtml({ findings, summary: summaryOf(findings) }, AT)),
      'x',
    )?.details;
    expect(details?.length).toBeLessThan(DETAILS_LIMIT + 100);
    expect(details).toMatch(/--format json has all of it\)$/);
  });
});

describe('html report size', () => {
  const many = (count: number, details: Record<string, unknown>) =>
    Array.from({ length: count }, (_, index) =>
      finding(
        index % 3 === 0 ? 'console-user-mfa' : 'user-mfa',
        index % 4 === 0 ? 'fail' : 'pass',
        `user-${index}`,
        {
          account: index % 2 === 0 ? PROD : DEV,
          details,
        },
      ),
    );
  const sizeOf = (count: number, details: Record<string, unknown> = { evidence: ['credential-report'] }) => {
    const findings = many(count, details);
    return renderHtml({ findings, summary: summaryOf(findings) }, AT).length;
  };

  it('grows linearly with the findings: 10,000 cost ten times 1,000, not a hundred', () => {
    const small = sizeOf(1_000);
    const large = sizeOf(10_000);
    expect(large / small).toBeGreaterThan(7);
    expect(large / small).toBeLessThan(11);
    expect(large).toBeLessThan(3_000_000);
  });

  it('stores text shared by many findings once', () => {
    const shared = { services: Array.from({ length: 50 }, (_, index) => `service-${index}`) };
    const findings = many(500, shared);
    const data = embedded(renderHtml({ findings, summary: summaryOf(findings) }, AT));
    const json = JSON.stringify(shared, null, 2);
    expect(data.strings.filter((text) => text === json)).toHaveLength(1);
    expect(new Set(data.findings.map((item) => item.d)).size).toBe(1);
  });
});
