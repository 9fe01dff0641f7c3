resource "aws_iam_group" "this" {
  name = var.name
  path = "/teams/"
}

resource "aws_iam_group_membership" "this" {
  name  = "${var.name}-members"
  group = aws_iam_group.this.name
  users = var.members
}

resource "aws_iam_group_policy_attachment" "mfa" {
  count      = var.mfa_policy_arn == null ? 0 : 1
  group      = aws_iam_group.this.name
  policy_arn = var.mfa_policy_arn
}

resource "aws_iam_group_policy_attachment" "read_only" {
  group      = aws_iam_group.this.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
