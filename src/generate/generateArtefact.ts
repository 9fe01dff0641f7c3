// `mfa-warden generate`: one function from (what, format, options) to the text to write, so the CLI only
// wires arguments. Everything is deterministic: the same options give the same bytes.
import { InputError } from '../errors.js';
import {
  configRulesCloudFormation,
  policyCloudFormation,
  scpCloudFormation,
} from './cloudFormationOutput.js';
import { configRuleRequests, MFA_CONFIG_RULES } from './configRules.js';
import { DEFAULT_MFA_POLICY_NAME, mfaEnforcingPolicyDocument } from './mfaPolicy.js';
import { DEFAULT_SCP_NAME, mfaScpDocument, scpJson } from './mfaScp.js';
import { configRulesTerraform, policyTerraform, scpTerraform } from './terraformOutput.js';

export const ARTEFACTS = ['policy', 'scp', 'config-rules'] as const;
export type Artefact = (typeof ARTEFACTS)[number];

export const GENERATE_FORMATS = ['json', 'terraform', 'cloudformation'] as const;
export type GenerateFormat = (typeof GENERATE_FORMATS)[number];

export interface GenerateOptions {
  readonly format?: GenerateFormat;
  /** policy and scp only: principals the MFA Deny leaves out (break-glass users). */
  readonly exemptArns?: readonly string[];
}

export function generateArtefact(artefact: Artefact, options: GenerateOptions = {}): string {
  const format = options.format ?? 'json';
  switch (artefact) {
    case 'policy': {
      const document = mfaEnforcingPolicyDocument({ exemptArns: options.exemptArns });
      if (format === 'terraform') return policyTerraform(DEFAULT_MFA_POLICY_NAME, document);
      if (format === 'cloudformation') return policyCloudFormation(DEFAULT_MFA_POLICY_NAME, document);
      return `${JSON.stringify(document, null, 2)}\n`;
    }
    case 'scp': {
      const document = mfaScpDocument({ exemptArns: options.exemptArns });
      if (format === 'terraform') return scpTerraform(DEFAULT_SCP_NAME, document);
      if (format === 'cloudformation') return scpCloudFormation(DEFAULT_SCP_NAME, document);
      return scpJson(document);
    }
    case 'config-rules': {
      if (options.exemptArns && options.exemptArns.length > 0)
        throw new InputError('--exempt-arn applies to policy and scp, not to config-rules');
      if (format === 'terraform') return configRulesTerraform(MFA_CONFIG_RULES);
      if (format === 'cloudformation') return configRulesCloudFormation(MFA_CONFIG_RULES);
      return `${JSON.stringify(configRuleRequests(), null, 2)}\n`;
    }
  }
}
