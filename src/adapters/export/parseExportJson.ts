import { parseJson } from '../../input/parseJson.js';
import type { ExportFile } from './exportFiles.js';

/** An export file's JSON; errors name the file, the line and the aws CLI command that writes a good one. */
export function parseExportJson(text: string, path: string, file: ExportFile): unknown {
  return parseJson(text, path, `the complete output of: ${file.command}`);
}
