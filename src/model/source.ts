// Where a value came from, so every report can point at it: an ARN for a live account, an export file for
// offline scans, a file + line + address for infrastructure as code.
export type Source =
  | { readonly kind: 'aws'; readonly arn: string }
  | { readonly kind: 'export'; readonly file: string; readonly arn?: string }
  | { readonly kind: 'iac'; readonly file: string; readonly line: number; readonly address: string };

export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'aws':
      return source.arn;
    case 'export':
      return source.arn ? `${source.file} (${source.arn})` : source.file;
    case 'iac':
      return `${source.file}:${source.line} (${source.address})`;
  }
}
