// Account id and partition are read from ARNs when no STS call told us (offline scans, IaC).
const IAM_ARN = /^arn:([^:]+):iam::(\d{12}):/;

export function accountFromArn(
  arn: string | undefined,
): { partition: string; accountId: string } | undefined {
  const match = arn ? IAM_ARN.exec(arn) : null;
  return match ? { partition: match[1] as string, accountId: match[2] as string } : undefined;
}

export function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
