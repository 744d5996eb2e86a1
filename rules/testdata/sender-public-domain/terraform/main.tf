locals {
  postmark_server_token = var.postmark_server_token
  postmark_from_email   = "ops@googlemail.com" # want "sender-public-domain: on googlemail.com"
}
