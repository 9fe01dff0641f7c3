# mfa-warden continuous enforcement, Terraform module: where results go. The journal bucket (every change
# enforcement makes, kept for undo), the findings topic, and the dead-letter queue for failed invocations.

# ---- journal bucket --------------------------------------------------------------------------------------

resource "aws_s3_bucket" "journal" {
  bucket        = coalesce(var.journal_bucket_name, "${var.name}-journal-${local.account_id}")
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "journal" {
  bucket = aws_s3_bucket.journal.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "journal" {
  bucket                  = aws_s3_bucket.journal.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "journal" {
  bucket = aws_s3_bucket.journal.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "journal" {
  bucket = aws_s3_bucket.journal.id

  rule {
    apply_server_side_encryption_by_default {
      # aws:kms without a key id is the AWS managed key aws/s3, which the role may use without a grant.
      sse_algorithm = var.journal_sse_algorithm
    }
    bucket_key_enabled = var.journal_sse_algorithm == "aws:kms"
  }
}

data "aws_iam_policy_document" "journal_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.journal.arn, "${aws_s3_bucket.journal.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "journal" {
  bucket = aws_s3_bucket.journal.id
  policy = data.aws_iam_policy_document.journal_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.journal]
}

resource "aws_s3_bucket_lifecycle_configuration" "journal" {
  count  = var.journal_expiration_days == null ? 0 : 1
  bucket = aws_s3_bucket.journal.id

  rule {
    id     = "expire-journal"
    status = "Enabled"

    filter {
      prefix = "journal/"
    }

    expiration {
      days = var.journal_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.journal_expiration_days
    }
  }
}

resource "aws_s3_bucket_logging" "journal" {
  count         = var.journal_access_log_bucket == null ? 0 : 1
  bucket        = aws_s3_bucket.journal.id
  target_bucket = var.journal_access_log_bucket
  target_prefix = "s3-access/${aws_s3_bucket.journal.bucket}/"
}

# ---- findings topic --------------------------------------------------------------------------------------

resource "aws_sns_topic" "findings" {
  name              = "${var.name}-findings"
  kms_master_key_id = "alias/aws/sns"
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.notification_email == null ? 0 : 1
  topic_arn = aws_sns_topic.findings.arn
  protocol  = "email"
  endpoint  = var.notification_email
}

# ---- dead-letter queue -----------------------------------------------------------------------------------

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-dead-letter"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600
  tags                      = var.tags
}

# The rule's target delivers events it could not hand to the function here; the function's own failures
# (after Lambda's retries) arrive through its role, which may send to this queue.
data "aws_iam_policy_document" "dead_letter" {
  statement {
    sid       = "RuleDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.iam.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter.json
}
