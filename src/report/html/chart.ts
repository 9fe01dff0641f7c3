// The results-per-check chart: inline SVG, one stacked bar per check scaled to the largest check. Each status
// has its own fill pattern (hatched, crossed, dotted, striped, solid) as well as its colour, segments wide
// enough carry their icon letter and count, and the same numbers are in the chart's description and beside
// every bar.

import type { Status } from '../../checks/check.js';
import { markup, type SafeHtml } from './escape.js';
import { STATUS_LABEL, STATUS_ORDER, countsText } from './labels.js';

export interface ChartRow {
  readonly check: string;
  readonly counts: Readonly<Record<Status, number>>;
}

const WIDTH = 900;
const LABEL_WIDTH = 230;
const COUNT_WIDTH = 170;
const BAR_HEIGHT = 20;
const ROW_HEIGHT = 30;

/** One <pattern> per status: what tells the statuses apart in grey print and for colour-blind readers. */
function pattern(status: Status): SafeHtml {
  const open = (extra: string): SafeHtml =>
    markup`<pattern id="pattern-${status}" width="8" height="8" patternUnits="userSpaceOnUse"${extra ? markup` patternTransform="${extra}"` : ''}><rect width="8" height="8" class="pat-${status}"/>`;
  switch (status) {
    case 'fail':
      return markup`${open('rotate(45)')}<line x1="0" y1="0" x2="0" y2="8" class="pat-line"/></pattern>`;
    case 'error':
      return markup`${open('')}<path d="M0 0L8 8M8 0L0 8" class="pat-line"/></pattern>`;
    case 'unknown':
      return markup`${open('')}<circle cx="4" cy="4" r="1.6" class="pat-dot"/></pattern>`;
    case 'exempt':
      return markup`${open('')}<line x1="0" y1="4" x2="8" y2="4" class="pat-line"/></pattern>`;
    case 'pass':
      return markup`${open('')}</pattern>`;
  }
}

function bar(row: ChartRow, index: number, max: number): SafeHtml {
  const barWidth = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
  const y = index * ROW_HEIGHT + 4;
  let x = LABEL_WIDTH;
  const segments = STATUS_ORDER.filter((status) => row.counts[status] > 0).map((status) => {
    const count = row.counts[status];
    const width = (count / max) * barWidth;
    const label =
      width >= 34 &&
      markup`<text x="${(x + 4).toFixed(1)}" y="${y + 15}" class="seg-label${status === 'pass' ? ' seg-pass-label' : ''}" aria-hidden="true">${`${STATUS_LABEL[status].icon} ${count}`}</text>`;
    const segment = markup`<g><title>${`${row.check}: ${count} ${status}`}</title><rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(width, 1).toFixed(1)}" height="${BAR_HEIGHT}" class="seg-${status}"/>${label}</g>`;
    x += width;
    return segment;
  });
  return markup`<g class="bar" data-check="${row.check}"><text x="0" y="${y + 15}">${row.check}</text><rect x="${LABEL_WIDTH}" y="${y}" width="${barWidth}" height="${BAR_HEIGHT}" class="track"/>${segments}<text x="${WIDTH - COUNT_WIDTH + 8}" y="${y + 15}">${countsText(row.counts)}</text></g>`;
}

export function renderChart(rows: readonly ChartRow[]): SafeHtml {
  const totals = rows.map((row) => STATUS_ORDER.reduce((sum, status) => sum + row.counts[status], 0));
  const max = Math.max(1, ...totals);
  const height = rows.length * ROW_HEIGHT + 6;
  const description = rows.map((row) => `${row.check}: ${countsText(row.counts)}`).join('; ');
  const legend = STATUS_ORDER.map(
    (status) =>
      markup`<li><svg width="18" height="14" aria-hidden="true" focusable="false"><rect width="18" height="14" class="seg-${status}"/></svg>${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}</li>`,
  );
  return markup`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">Results per check</title><desc id="chart-desc">${description}</desc><defs>${STATUS_ORDER.map(pattern)}</defs>${rows.map((row, index) => bar(row, index, max))}</svg><ul class="legend" aria-label="Legend">${legend}</ul>`;
}
