# Each value here is the fix token with a mistake a fix can undo.
postmark_server_token  = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 "
postmark_api_token     = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\t"
postmark_api_key       = "\u200b3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
postmark_key           = " 3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
postmark_account_token = "'3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19'"
postmark_secret        = "\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\""
postmark_token         = "“3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19”"
postmark_server_secret = <<EOT
3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
EOT
postmark_smtp_token = <<-EOT
    3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
  EOT
app_environment = [
  { name = "POSTMARK_SERVER_TOKEN", value = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 " },
  {
    name  = "POSTMARK_API_TOKEN"
    value = <<-EOT
      3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
    EOT
  },
]
# No fix where the intended token is not certain: two lines, a character
# in place of one of the token's, a reference.
postmark_server_key = <<EOT
3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
EOT
auth_postmark_key = "3f0c9a51​7d2e-4b8a-9c61-0e5d7a2b4f19"
