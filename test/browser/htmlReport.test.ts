// The HTML report in a real browser: Debian's chromium driven by puppeteer-core. The page must load from
// disk with no console error, no page error, no CSP violation and no request leaving the file; the filters,
// search, sorting, paging, expansion and copy buttons must work; a screenshot goes to test-output/.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { renderHtml } from '../../src/report/html.js';
import { DEV, HOSTILE_NAME, REPLAY, WITNESS_SENTENCE, organizationReport } from './htmlReportFixture.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(`htmlReport browser test skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
const browserIt = it.skipIf(!available);
const SKIP_NOTE = available
  ? ''
  : ` [skipped: no Chromium at ${CHROMIUM}; install chromium or set CHROMIUM_PATH]`;

const SCREENSHOT = join(import.meta.dirname, '..', '..', 'test-output', 'html-report.png');
const checkIndex = (id: string): string => String(organizationReport().summary.checks.indexOf(id));

// The callbacks given to page.evaluate and $eval run in the browser. The project compiles without the DOM
// library, so the few browser globals they use are declared here, for this module only.
interface PageElement {
  readonly textContent: string | null;
  readonly innerText: string;
  readonly hidden: boolean;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  addEventListener(
    type: string,
    listener: (event: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};
declare const window: { dispatchEvent(event: unknown): boolean };
declare const Event: new (type: string) => unknown;
declare function getComputedStyle(element: unknown): { display: string };

interface PageProblems {
  console: string[];
  errors: string[];
  requests: string[];
  dialogs: string[];
}

let browser: Browser | undefined;
let directory = '';
let reportUrl = '';
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  if (!available) return;
  directory = mkdtempSync(join(tmpdir(), 'mfa-warden-html-'));
  const file = join(directory, 'report.html');
  writeFileSync(file, renderHtml(organizationReport(), new Date('2026-12-01T12:00:00Z')));
  reportUrl = pathToFileURL(file).href;
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  if (!browser) return;
  page = await browser.newPage();
  problems = { console: [], errors: [], requests: [], dialogs: [] };
  await page.setViewport({ width: 1280, height: 900 });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('file:') || url.startsWith('data:')) void request.continue();
    else {
      problems.requests.push(url);
      void request.abort();
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.errors.push(String(error)));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(reportUrl, { waitUntil: 'load' });
  return async () => {
    expect(problems).toEqual({ console: [], errors: [], requests: [], dialogs: [] });
    await page.close();
  };
});

/** The resource names listed, section by section, in the order shown. */
function listed(): Promise<string[]> {
  return page.$$eval('section.check:not([hidden]) tbody.finding', (bodies) =>
    bodies.map((body) => body.querySelector('button.toggle')?.textContent ?? ''),
  );
}
const shown = (): Promise<string> => page.$eval('#shown', (element) => element.textContent ?? '');
async function select(id: string, value: string): Promise<void> {
  await page.select(id, value);
}
async function tick(name: string, value: string): Promise<void> {
  await page.click(`#filters input[name="${name}"][value="${value}"]`);
}

describe(`HTML report in Chromium${SKIP_NOTE}`, () => {
  browserIt('loads with its findings listed, passes hidden, and hostile names shown as text', async () => {
    const total = organizationReport().findings.length;
    const passes = organizationReport().findings.filter((item) => item.status === 'pass').length;
    expect(await shown()).toBe(`Showing ${total - passes} of ${total} findings`);
    expect(await page.$eval('#filters', (form) => (form as PageElement).hidden)).toBe(false);
    const names = await listed();
    expect(names).toEqual(expect.arrayContaining(['bob', 'carol', 'alice', 'erin', HOSTILE_NAME]));
    expect(names).not.toContain('dave');
    // Injected markup stays text: no element was made from it and no dialog opened (checked after each test).
    expect(await page.$$eval('main img, main script', (elements) => elements.length)).toBe(0);
    const message = await page.$$eval('td.msg', (cells) => cells.map((cell) => cell.textContent));
    expect(message).toContain('</script><script>alert(2)</script> & "quoted"');
    // The severity column is not shown; a section says its own.
    expect(await page.$$eval('section.check', (sections) => sections.length)).toBe(3);
  });

  browserIt('filters by status and severity', async () => {
    await tick('status', 'pass');
    let names = await listed();
    expect(names).toContain('dave');
    expect(names).toContain('svc-000');
    await tick('status', 'fail');
    names = await listed();
    expect(names).not.toContain('bob');
    expect(names).toContain('alice');
    await tick('severity', 'high');
    const visible = await page.$$eval('section.check:not([hidden]) .check-id', (ids) =>
      ids.map((id) => id.textContent),
    );
    const high = allChecks.filter((check) => check.severity === 'high').map((check) => check.id);
    expect(visible.some((id) => high.includes(id ?? ''))).toBe(false);
    expect(visible).toContain('root-mfa');
  });

  browserIt('filters by check, by account and by search text', async () => {
    await select('#filter-check', checkIndex('root-mfa'));
    expect(
      await page.$$eval('section.check:not([hidden]) .check-id', (ids) => ids.map((id) => id.textContent)),
    ).toEqual(['root-mfa']);
    expect(await listed()).toEqual(['111111111111']);
    await select('#filter-check', '');
    await select('#filter-account', DEV);
    expect(await listed()).toEqual(['carol', 'erin']);
    const accounts = await page.$$eval('section.check:not([hidden]) tbody.finding td:nth-child(4)', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(new Set(accounts)).toEqual(new Set([`${DEV} (dev)`]));
    await select('#filter-account', '');
    await page.type('#filter-search', 'bob');
    await page.waitForFunction(
      () => document.querySelector('#shown')?.textContent === 'Showing 1 of 158 findings',
    );
    expect(await listed()).toEqual(['bob']);
    await page.click('#filters button[type="reset"]');
    await page.waitForFunction(
      () => document.querySelector('#shown')?.textContent === 'Showing 6 of 158 findings',
    );
  });

  browserIt('sorts a table by the header clicked, with aria-sort following', async () => {
    const section = `#check-${checkIndex('console-user-mfa')}`;
    const rows = () =>
      page.$$eval(`${section} tbody.finding`, (bodies) =>
        bodies.map((body) => body.querySelector('button.toggle')?.textContent ?? ''),
      );
    const before = await rows();
    expect(before.slice(0, 3)).toEqual([HOSTILE_NAME, 'bob', 'carol'].sort());
    await page.click(`${section} th:nth-child(2) button.sort`);
    const ascending = await rows();
    expect(ascending).toEqual(
      [...ascending].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })),
    );
    expect(ascending).not.toEqual(before);
    expect(await page.$eval(`${section} th:nth-child(2)`, (th) => th.getAttribute('aria-sort'))).toBe(
      'ascending',
    );
    expect(await page.$eval(`${section} th:nth-child(1)`, (th) => th.hasAttribute('aria-sort'))).toBe(false);
    await page.click(`${section} th:nth-child(2) button.sort`);
    expect(await rows()).toEqual([...ascending].reverse());
    expect(await page.$eval(`${section} th:nth-child(2)`, (th) => th.getAttribute('aria-sort'))).toBe(
      'descending',
    );
  });

  browserIt('lists a page at a time and shows the rest on request', async () => {
    await tick('status', 'pass');
    const section = `#check-${checkIndex('user-mfa')}`;
    const count = () => page.$$eval(`${section} tbody.finding`, (bodies) => bodies.length);
    expect(await count()).toBe(100);
    expect(await page.$eval(`${section} .more-text`, (element) => element.textContent)).toBe(
      'Listing 100 of 151.',
    );
    await page.click(`${section} button.show-more`);
    expect(await count()).toBe(151);
    expect(await page.$eval(`${section} .more`, (element) => (element as PageElement).hidden)).toBe(true);
  });

  browserIt(
    'expands a finding with its witness, replay command and remediation, by mouse and keyboard',
    async () => {
      const toggle = 'button.toggle[aria-controls]';
      const bob = await page.$$eval(toggle, (buttons) =>
        buttons.find((button) => button.textContent === 'bob')?.getAttribute('aria-controls'),
      );
      expect(bob).toBeTruthy();
      const detail = `#${bob}`;
      expect(await page.$eval(detail, (row) => (row as PageElement).hidden)).toBe(true);
      await page.click(`button[aria-controls="${bob}"]`);
      expect(await page.$eval(`button[aria-controls="${bob}"]`, (b) => b.getAttribute('aria-expanded'))).toBe(
        'true',
      );
      const text = await page.$eval(detail, (row) => (row as PageElement).innerText);
      expect(await page.$eval(detail, (row) => (row as PageElement).hidden)).toBe(false);
      expect(text).toContain(WITNESS_SENTENCE);
      await page.click(`${detail} .witness summary`);
      expect(await page.$eval(`${detail} .witness`, (block) => (block as PageElement).innerText)).toContain(
        'aws:MultiFactorAuthPresent\n(absent)',
      );
      expect(text).toContain(REPLAY);
      expect(text).toContain('Enable an MFA device for bob.');
      expect(text).toContain('takes access away');
      expect(text).toContain('needs your input');
      expect(text).toContain('credential-report');
      // Collapse and expand again with the keyboard.
      await page.focus(`button[aria-controls="${bob}"]`);
      await page.keyboard.press('Enter');
      expect(await page.$eval(detail, (row) => (row as PageElement).hidden)).toBe(true);
      await page.keyboard.press('Space');
      expect(await page.$eval(detail, (row) => (row as PageElement).hidden)).toBe(false);
    },
  );

  browserIt('copies a command, or says how to when the clipboard is out of reach', async () => {
    const button = await page.$$eval('button.toggle', (buttons) => {
      const bob = buttons.find((candidate) => candidate.textContent === 'bob');
      bob?.click();
      return bob?.getAttribute('aria-controls');
    });
    const copy = `button.copy[data-copy="${button}-replay"]`;
    await page.click(copy);
    await page.waitForFunction(
      (selector) => document.querySelector(`${selector} .label`)?.textContent !== 'Copy',
      { timeout: 4000 },
      copy,
    );
    const label = await page.$eval(`${copy} .label`, (element) => element.textContent);
    expect(['Copied', 'Selected: press Ctrl+C']).toContain(label);
    expect(await page.$eval('#live', (element) => element.textContent)).toBe(label);
  });

  browserIt('prints without controls, with listed findings expanded', async () => {
    await page.emulateMediaType('print');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.$eval('#filters', (form) => getComputedStyle(form).display)).toBe('none');
    const displays = await page.$$eval('tr.detail', (rows) =>
      rows.map((row) => getComputedStyle(row).display),
    );
    expect(displays.length).toBeGreaterThan(0);
    expect(new Set(displays)).toEqual(new Set(['table-row']));
    expect(
      await page.$$eval('button.copy', (buttons) =>
        buttons.every((b) => getComputedStyle(b).display === 'none'),
      ),
    ).toBe(true);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMediaType('screen');
  });

  browserIt('writes a screenshot to test-output/', async () => {
    await page.$$eval('button.toggle', (buttons) =>
      buttons.find((button) => button.textContent === 'bob')?.click(),
    );
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    rmSync(SCREENSHOT, { force: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
