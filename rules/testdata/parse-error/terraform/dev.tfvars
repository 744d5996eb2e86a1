postmark_server_token = "5e8d2c4a-7b1f-4a9e-8c3d-0f6b9a2e4d71"
provider "postmark" { # want "parse-error: cannot parse as Terraform variables: unexpected block: blocks are not allowed here"
  server_token = "5e8d2c4a-7b1f-4a9e-8c3d-0f6b9a2e4d71"
}
