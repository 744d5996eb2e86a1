# The production token in staging, from a copied folder.
postmark_server_token = "55865193-0018-4c86-9e0c-fe4e47b3abc0" # want "env-mismatch: same token as terraform/envs/prod/terraform.tfvars:1 (production)"
