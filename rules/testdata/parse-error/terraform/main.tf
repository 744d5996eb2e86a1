provider "postmark" {
  server_token = "2c1b7f0e-5a4d-4e8b-9f3c-6d2a1b0e9f8" # want "token-format"
}

locals {
  # want +1 "parse-error: cannot parse as Terraform: invalid multi-line string: a quoted string cannot span lines"
  postmark_api_token = "2c1b7f0e-5a4d-4e8b-9f3c-6d2a1b0e9f87
  mail_from          = "hello@example.com"
}

# Terraform stops at the broken string; postmarklint reads on.
locals {
  postmark_account_token = "2c1b7f0e-5a4d-4e8b-9f3c-6d2a1b0e9f8" # want "token-format"
}
