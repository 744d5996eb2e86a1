postmark_server_token  = "e9e6fef7-bee8-4a80-99fa-9ae9c2685a20 " # want "token-whitespace: ends with a space"
postmark_api_token     = "e9e6fef7-bee8-4a80-99fa-9ae9c2685a20\r" # want "token-whitespace: ends with a carriage return (CR)"
postmark_api_key       = "\ufeffe9e6fef7-bee8-4a80-99fa-9ae9c2685a20" # want "token-whitespace: starts with a byte order mark (U+FEFF)"
postmark_account_token = <<EOT
e9e6fef7-bee8-4a80-99fa-9ae9c2685a20
EOT
# want -2 "token-whitespace: ends with a line feed (LF); a heredoc keeps the final line break (write the token as a quoted string)"
postmark_token = <<-EOT
    e9e6fef7-bee8-4a80-99fa-9ae9c2685a20
  EOT
# want -2 "token-whitespace: ends with a line feed (LF); a heredoc keeps the final line break"
app_environment = [
  { name = "POSTMARK_SERVER_TOKEN", value = "e9e6fef7-bee8-4a80-99fa-9ae9c2685a20\u2060" }, # want "token-whitespace: ends with a word joiner (U+2060)"
]
# Near misses: blanks around a value that is no Postmark token, a heredoc
# that holds no token.
session_id = " e9e6fef7-bee8-4a80-99fa-9ae9c2685a20 "
description = <<EOT
Postmark server token
EOT
