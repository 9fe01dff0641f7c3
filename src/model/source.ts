// Where a value came from, so every report can point at it: an ARN for a live account, an export file for
// offline scans, a file + line + address for infrastructure as code.
export type Source =
  | { readonly kind: 'aws'; readonly arn: string }
  | { readonly kind: 'export'; readonly file: string; readonly arn?: string }
  | {
      readonly kind: 'iac';
      readonly file: string;
      readonly line: number;
      /** 1-based column of the resource's first character, when known. */
      readonly column?: number;
      /** `aws_iam_group.support`, `module.ops.aws_iam_group.this["red"]`, or a template's logical id. */
      readonly address: string;
    };

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
