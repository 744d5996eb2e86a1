postmark_server_token = "aca5e472-f75f-4497-b23a-35da8d5f790c" # want "committed-token: committed to git: rotate it in Postmark"
app_environment = [
  { name = "POSTMARK_API_TOKEN", value = "f93bb648-47d8-48d0-962a-6036fa526171" }, # want "committed-token: committed to git"
]
# Near misses: placeholders and the test token are no secret.
postmark_account_token = "00000000-0000-0000-0000-000000000000" # want "token-placeholder"
postmark_test_token    = "POSTMARK_API_TEST" # want "test-token-in-production" "env-mismatch"
