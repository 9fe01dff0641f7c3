import { allChecks } from '../../checks/index.js';
import type { IacInputError } from '../iac/iacLoadResult.js';
import { parseSuppressionComment } from '../iac/parseSuppression.js';
import type { Suppression } from '../../model/account.js';
import type { CloudFormationTemplate } from './parseTemplate.js';
import { isTemplateList, isTemplateMap, type Position, type TemplateComment } from './templateTree.js';

// A suppression turns a finding into `exempt` with a reason, so a wrong one hides a real problem: one without
// a reason, naming a check that does not exist, or sitting where it belongs to no resource is an input error,
// never silently dropped or widened. Each applies to the line of its resource's logical id, which is where
// that resource's findings point.

export interface SuppressionResult {
  readonly suppressions: readonly Suppression[];
  readonly errors: readonly IacInputError[];
}

export function collectSuppressions(template: CloudFormationTemplate, file: string): SuppressionResult {
  const suppressions: Suppression[] = [];
  const errors: IacInputError[] = [];
  const idsByLine = new Map<number, string[]>();
  const idPositions = new Map<string, Position>();
  for (const logicalId of Object.keys(template.resources)) {
    const at = template.parsed.keyPosition(template.resources, logicalId);
    if (!at) continue;
    idPositions.set(logicalId, at);
    const ids = idsByLine.get(at.line);
    if (ids) ids.push(logicalId);
    else idsByLine.set(at.line, [logicalId]);
  }

  const parsedComments = template.parsed.comments.map((comment) => ({
    comment,
    parsed: parseSuppressionComment(comment.text),
  }));
  const commentLines = new Set(
    parsedComments.filter((c) => c.comment.ownLine && c.parsed.kind !== 'none').map((c) => c.comment.line),
  );
  for (const { comment, parsed } of parsedComments) {
    if (parsed.kind === 'none') continue;
    const at = { line: comment.line, column: comment.column };
    if (parsed.kind === 'error') {
      errors.push({ file, ...at, message: parsed.message });
      continue;
    }
    const line = targetLine(comment, idsByLine, commentLines);
    const ids = line === undefined ? [] : (idsByLine.get(line) ?? []);
    if (line === undefined || ids.length !== 1) {
      errors.push({
        file,
        ...at,
        message:
          ids.length > 1
            ? `the suppression comment is on a line with several logical ids (${ids.join(', ')}); put each resource on its own line`
            : 'a suppression comment must be on the line of a logical id under Resources, or directly above it',
      });
      continue;
    }
    for (const check of parsed.checks) suppressions.push({ check, reason: parsed.reason, file, line });
  }

  for (const [logicalId, definition] of Object.entries(template.resources)) {
    const idAt = idPositions.get(logicalId);
    if (!idAt || !isTemplateMap(definition) || !isTemplateMap(definition.Metadata)) continue;
    const metadata = definition.Metadata;
    if (!Object.hasOwn(metadata, 'mfa-warden')) continue;
    const at = template.parsed.keyPosition(metadata, 'mfa-warden') ?? idAt;
    const settings = metadata['mfa-warden'];
    const ignore = isTemplateMap(settings) ? settings.ignore : undefined;
    if (!isTemplateList(ignore)) {
      errors.push({
        file,
        ...at,
        message: `Metadata mfa-warden of ${logicalId} must be { ignore: [ { check, reason } ] }`,
      });
      continue;
    }
    for (const entry of ignore) {
      const check = isTemplateMap(entry) ? entry.check : undefined;
      const reason = isTemplateMap(entry) ? entry.reason : undefined;
      if (typeof check !== 'string' || (reason !== undefined && typeof reason !== 'string')) {
        errors.push({
          file,
          ...at,
          message: `each mfa-warden ignore entry of ${logicalId} needs a check id and a reason (strings)`,
        });
        continue;
      }
      if (check !== '*' && !allChecks.some((known) => known.id === check)) {
        errors.push({
          file,
          ...at,
          message: `the Metadata suppression of ${logicalId} names unknown check ${check}; valid: *, ${allChecks.map((known) => known.id).join(', ')}`,
        });
      } else if (reason === undefined || reason.trim() === '') {
        errors.push({
          file,
          ...at,
          message: `the Metadata suppression of ${check} on ${logicalId} has no reason; say why the finding is accepted`,
        });
      } else suppressions.push({ check, reason: reason.trim(), file, line: idAt.line });
    }
  }
  return { suppressions, errors };
}

/**
 * The logical id line a comment belongs to: its own line, or the next one for a comment alone on its line;
 * several suppression comments stacked directly above a logical id all belong to it.
 */
function targetLine(
  comment: TemplateComment,
  idsByLine: ReadonlyMap<number, readonly string[]>,
  commentLines: ReadonlySet<number>,
): number | undefined {
  if (idsByLine.has(comment.line)) return comment.line;
  if (!comment.ownLine) return undefined;
  let line = comment.line + 1;
  while (commentLines.has(line)) line++;
  return idsByLine.has(line) ? line : undefined;
}
