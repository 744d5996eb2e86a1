# Quotes from a word processor are no Terraform quotes.
postmark_server_token = “7a3e9c51-0b2d-4f6a-8e1c-9d4b7a2e5c03” # want "parse-error: invalid character: typographic quotes are not valid; use straight double quotes"
