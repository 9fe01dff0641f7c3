// The files `mfa-warden scan export DIR` reads, each with the aws CLI command that writes it, so that every
// message about a missing or broken file tells the user how to produce a good one.

export interface ExportFile {
  readonly name: string;
  readonly command: string;
}

export const AUTHORIZATION_DETAILS: ExportFile = {
  name: 'authorization-details.json',
  command: 'aws iam get-account-authorization-details > authorization-details.json',
};

export const CREDENTIAL_REPORT_JSON: ExportFile = {
  name: 'credential-report.json',
  command: 'aws iam get-credential-report > credential-report.json',
};

/** The same report, already decoded; handy when it was downloaded from the console. */
export const CREDENTIAL_REPORT_CSV: ExportFile = {
  name: 'credential-report.csv',
  command:
    'aws iam get-credential-report --query Content --output text | base64 --decode > credential-report.csv',
};

export const ACCOUNT_SUMMARY: ExportFile = {
  name: 'account-summary.json',
  command: 'aws iam get-account-summary > account-summary.json',
};

export const VIRTUAL_MFA_DEVICES: ExportFile = {
  name: 'virtual-mfa-devices.json',
  command: 'aws iam list-virtual-mfa-devices > virtual-mfa-devices.json',
};
