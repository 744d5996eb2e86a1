variable "postmark_staging_token" {
  type    = string
  default = "864a74d3-4796-4f0a-a217-72b29df1b7a1" # want "env-mismatch: key variable.postmark_staging_token names staging, but the entry is in production (by its folder)"
}

provider "postmark" {
  server_token = "${var.postmark_staging_token}" # want "env-mismatch: referenced secret postmark_staging_token names staging"
}

locals {
  # Near misses: an expression that is no reference, a reference that
  # names production.
  postmark_api_token = var.postmark_staging_token
  postmark_api_key   = "${var.postmark_prod_token}"
}
