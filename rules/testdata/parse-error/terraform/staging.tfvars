# A variables file holds constants: no blocks, no references.
postmark_server_token = var.postmark_server_token # want "parse-error: cannot parse as Terraform variables: variables not allowed"
