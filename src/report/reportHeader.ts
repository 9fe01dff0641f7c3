import { toolName, toolVersion } from '../version.js';

// Schema version 1 is a contract other tools rely on: add fields, never rename or remove them.
export function reportHeader(generatedAt: Date) {
  return {
    schemaVersion: 1,
    tool: { name: toolName, version: toolVersion },
    generatedAt: generatedAt.toISOString(),
  } as const;
}
