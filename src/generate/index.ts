// Generated MFA enforcement: the identity policy, the SCP and the AWS Config rules, as JSON, Terraform or
// CloudFormation. Enforcement creates the identity policy from mfaEnforcingPolicyDocument.
export {
  ARTEFACTS,
  GENERATE_FORMATS,
  generateArtefact,
  type Artefact,
  type GenerateFormat,
  type GenerateOptions,
} from './generateArtefact.js';
export {
  DEFAULT_MFA_POLICY_NAME,
  MFA_POLICY_NOT_ACTIONS,
  mfaEnforcingPolicyDocument,
  type MfaPolicyOptions,
} from './mfaPolicy.js';
export {
  DEFAULT_SCP_NAME,
  IAM_USER_ARN_PATTERN,
  MFA_SCP_NOT_ACTIONS,
  SCP_SIZE_LIMIT,
  mfaScpDocument,
  scpJson,
  type MfaScpOptions,
} from './mfaScp.js';
export {
  CONFIG_RULE_FREQUENCY,
  MFA_CONFIG_RULES,
  configRuleRequests,
  type MfaConfigRule,
} from './configRules.js';
export { checkedExemptArns } from './exemptArns.js';
