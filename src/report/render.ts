import type { Finding } from '../checks/check.js';
import type { Summary } from '../scan/evaluate.js';
import type { RequestCounter } from '../adapters/aws/requestCounter.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, type SarifInputError } from './sarif.js';
import { renderTable } from './table.js';

// Every report format over the same findings: the CLI picks one (or several, with --output-dir) by name.

export const REPORT_FORMATS = ['table', 'json', 'sarif', 'html', 'csv', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file name `--output-dir` writes for each format. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  table: 'mfa-warden.txt',
  json: 'mfa-warden.json',
  sarif: 'mfa-warden.sarif',
  html: 'mfa-warden.html',
  csv: 'mfa-warden.csv',
  markdown: 'mfa-warden.md',
};

export interface ReportInput {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly requests?: RequestCounter;
  /** IaC: files that could not be read, for SARIF notifications. */
  readonly inputErrors?: readonly SarifInputError[];
}

export interface RenderOptions {
  readonly generatedAt: Date;
  /** Table only: ANSI colours. */
  readonly colour?: boolean;
  /** Table only: list passing resources too. */
  readonly showPassed?: boolean;
  /** SARIF: the directory artifact locations are relative to. */
  readonly srcRoot?: string;
}

export function renderReport(format: ReportFormat, input: ReportInput, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return renderJson(input, options.generatedAt);
    case 'sarif':
      return renderSarif(input, options.generatedAt, options.srcRoot ? { srcRoot: options.srcRoot } : {});
    case 'html':
      return renderHtml(input, options.generatedAt);
    case 'csv':
      return renderCsv(input);
    case 'markdown':
      return renderMarkdown(input, options.generatedAt);
    case 'table':
      return renderTable(input.findings, input.summary, {
        colour: options.colour ?? false,
        ...(options.showPassed ? { showPassed: true } : {}),
      });
  }
}
