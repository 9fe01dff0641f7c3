import type { Suppression } from '../../model/account.js';
import type { IacInputError } from '../iac/iacLoadResult.js';
import { parseSuppressionComment } from '../iac/parseSuppression.js';
import type { HclFile } from './hclAst.js';

// A suppression comment belongs to the top-level block (resource, data, module) that starts on its line
// (a trailing comment) or on the next line (a comment above the block), as with `#tfsec:ignore`.

export function terraformSuppressions(files: readonly HclFile[]): {
  suppressions: Suppression[];
  errors: IacInputError[];
  stray: IacInputError[];
} {
  const suppressions: Suppression[] = [];
  const errors: IacInputError[] = [];
  const stray: IacInputError[] = [];
  for (const file of files) {
    const starts = new Set(file.body.blocks.map((block) => block.pos.line));
    for (const comment of file.comments) {
      const parsed = parseSuppressionComment(comment.text);
      if (parsed.kind === 'none') continue;
      if (parsed.kind === 'error') {
        errors.push({ file: file.file, line: comment.line, message: parsed.message });
        continue;
      }
      const line = starts.has(comment.line)
        ? comment.line
        : starts.has(comment.line + 1)
          ? comment.line + 1
          : undefined;
      if (line === undefined) {
        stray.push({
          file: file.file,
          line: comment.line,
          message:
            'mfa-warden:ignore is not on or directly above a resource, data or module block; it suppresses nothing',
        });
        continue;
      }
      for (const check of parsed.checks)
        suppressions.push({ check, reason: parsed.reason, file: file.file, line });
    }
  }
  return { suppressions, errors, stray };
}
