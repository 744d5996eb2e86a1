# A duplicate attribute is no duplicate-key finding: Terraform refuses the
# file, so it is a parse error.
postmark_server_token = "a1b9ce4b-dffb-45e6-8587-40bdda81c5df"
postmark_server_token = "19268813-675d-4547-96ad-9ad601908be6" # want "parse-error: attribute redefined"
