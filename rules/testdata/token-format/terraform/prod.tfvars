# Variable assignments: production by the file name.
postmark_server_token = "1b02a945-29cf-48b8-b5ce-8e7bc63cc2c" # want "token-format: has 35 characters; tokens have 36 (truncated?)"
postmark_api_token    = "Bearer 1b02a945-29cf-48b8-b5ce-8e7bc63cc2cc" # want "token-format: has \"Bearer \" pasted in front"
postmark_api_key      = "X-Postmark-Server-Token: 1b02a945-29cf-48b8-b5ce-8e7bc63cc2cc" # want "token-format: header name X-Postmark-Server-Token pasted"
postmark_token        = "1B02A945-29CF-48B8-B5CE-8E7BC63CC2CC" # want "token-format: upper-case"
postmark_account_token = "your-1b02a945-29cf-48b8-b5ce-8e7bc63cc2cc" # want "token-format"
# An environment list item: the name names the value.
app_environment = [
  { name = "POSTMARK_SERVER_TOKEN", value = "1b02a945–29cf-48b8-b5ce-8e7bc63cc2cc" }, # want "token-format: en dash (U+2013) at character 9"
  { name = "MAIL_FROM", value = "hello@example.com" },
]
# Near misses: the right shape, a number, other keys of a token's shape.
postmark_smtp_token = "1b02a945-29cf-48b8-b5ce-8e7bc63cc2cc"
postmark_port       = 587
session_id          = "1b02a945-29cf-48b8-b5ce-8e7bc63cc2c"
