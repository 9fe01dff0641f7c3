output "group_name" {
  value = aws_iam_group.this.name
}
