postmark_api_token     = "7a3e9c51-0b2d-4f6a-8e1c-9d4b7a2e5c0" # want "token-format"
postmark_server_token  = '7a3e9c51-0b2d-4f6a-8e1c-9d4b7a2e5c03' # want "parse-error: cannot parse as Terraform variables: invalid character: single quotes are not valid; use double quotes"
postmark_token         = "7a3e9c51-0b2d-4f6a-8e1c-9d4b7a2e5c0" # want "token-format"
