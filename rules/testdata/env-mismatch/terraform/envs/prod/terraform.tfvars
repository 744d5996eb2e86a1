postmark_server_token  = "55865193-0018-4c86-9e0c-fe4e47b3abc0" # want "env-mismatch: same token as terraform/envs/staging/terraform.tfvars:2 (staging)"
postmark_account_token = "bd9e7d0b-f200-4442-9ebf-ed0551098ce4" # want "env-mismatch: same token as terraform/.env.staging:2 (staging)"
postmark_staging_token = "235f3419-dc81-415d-83e1-4e243bc2674a" # want "env-mismatch: key postmark_staging_token names staging, but the entry is in production (by its folder)"
