// Durations in the config file, written as a number and a unit: `90s`, `60m`, `12h`, `7d`, `2w`.

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export const DURATION_PATTERN = /^(\d+)\s*([smhdw])$/;

/** Milliseconds in `text`, or undefined when it is not a duration such as `60m` or `7d`. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = UNIT_MS[match[2] as string] as number;
  return value > 0 && Number.isSafeInteger(value * unit) ? value * unit : undefined;
}
