# Terraform strings take double quotes only; quotes inside them are the
# value's.
postmark_server_token  = "'46fcf8d6-43ae-400d-bb1d-18ff87384bbe'" # want "token-quoting: wrapped in single quotes that Terraform keeps"
postmark_api_token     = "\"46fcf8d6-43ae-400d-bb1d-18ff87384bbe\"" # want "token-quoting: wrapped in double quotes that Terraform keeps"
postmark_api_key       = "“46fcf8d6-43ae-400d-bb1d-18ff87384bbe”" # want "token-quoting: typographic quotes “…”"
postmark_token         = "46fcf8d6-43ae-400d-bb1d-18ff87384bbe'" # want "token-quoting: ends with an unbalanced single quote"
postmark_account_token = "\u201846fcf8d6-43ae-400d-bb1d-18ff87384bbe" # want "token-quoting: starts with an unbalanced typographic quote ‘ (U+2018)"
postmark_key = <<EOT
"46fcf8d6-43ae-400d-bb1d-18ff87384bbe"
EOT
# want -2 "token-quoting: wrapped in double quotes that Terraform keeps" "token-whitespace"
# Near misses: Terraform's own quotes, and quotes in other values.
postmark_server_secret = "46fcf8d6-43ae-400d-bb1d-18ff87384bbe"
mail_from_name         = "‘Support’"
