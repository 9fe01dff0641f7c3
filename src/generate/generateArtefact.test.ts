// The one entry point `generate` uses: each artefact in each format, byte for byte repeatable.
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { ARTEFACTS, GENERATE_FORMATS, generateArtefact } from './generateArtefact.js';
import { mfaEnforcingPolicyDocument } from './mfaPolicy.js';
import { mfaScpDocument } from './mfaScp.js';

describe('generateArtefact', () => {
  it.each(ARTEFACTS.flatMap((artefact) => GENERATE_FORMATS.map((format) => [artefact, format] as const)))(
    '%s as %s is the same text every time and ends with one newline',
    (artefact, format) => {
      const text = generateArtefact(artefact, { format });
      expect(text).toBe(generateArtefact(artefact, { format }));
      expect(text).toMatch(/[^\n]\n$/);
    },
  );

  it('writes JSON documents pretty-printed with two spaces, defaulting to json', () => {
    const exemptArns = ['arn:aws:iam::123456789012:user/break-glass'];
    expect(generateArtefact('policy', { exemptArns })).toBe(
      `${JSON.stringify(mfaEnforcingPolicyDocument({ exemptArns }), null, 2)}\n`,
    );
    expect(generateArtefact('scp', { format: 'json', exemptArns })).toBe(
      `${JSON.stringify(mfaScpDocument({ exemptArns }), null, 2)}\n`,
    );
    const rules = JSON.parse(generateArtefact('config-rules')) as unknown[];
    expect(Array.isArray(rules) && rules.length).toBe(4);
  });

  it('refuses exempt ARNs for config-rules, which have no Deny to exempt anyone from', () => {
    expect(() =>
      generateArtefact('config-rules', { exemptArns: ['arn:aws:iam::123456789012:user/break-glass'] }),
    ).toThrow(InputError);
    expect(() => generateArtefact('config-rules', { exemptArns: [] })).not.toThrow();
  });
});
