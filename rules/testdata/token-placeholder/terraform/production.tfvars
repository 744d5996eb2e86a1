postmark_server_token  = "" # want "token-placeholder: is empty"
postmark_api_token     = "your-postmark-server-token" # want "token-placeholder: the word \"your\""
postmark_api_key       = "<postmark-token>" # want "token-placeholder: text in brackets"
postmark_account_token = "changeme" # want "token-placeholder"
postmark_token         = "00000000-0000-0000-0000-000000000000" # want "token-placeholder"
container_environment = [
  { name = "POSTMARK_SERVER_TOKEN", value = "111-YOUR-SERVER-TOKEN-0000-000000" }, # want "token-placeholder"
]
# Near misses: the test token is not a placeholder.
postmark_test_token = "POSTMARK_API_TEST" # want "test-token-in-production" "env-mismatch"
