# postmarklint:ignore token-placeholder -- filled in by the pipeline
postmark_server_token = "changeme"
// postmarklint:ignore token-placeholder -- filled in by the pipeline
postmark_api_token = "changeme"
/* postmarklint:ignore token-placeholder -- filled in by the pipeline */
postmark_api_key = "changeme"
postmark_token = "changeme" # postmarklint:ignore token-placeholder -- same
postmark_key = "changeme" // postmarklint:ignore token-placeholder -- same
postmark_secret = "changeme" /* postmarklint:ignore token-placeholder -- same */
postmark_server_key = /* postmarklint:ignore token-placeholder -- same */ "changeme"
# A heredoc's findings sit in its body; a comment above its key covers them.
# postmarklint:ignore token-whitespace -- the module trims it
postmark_account_key = <<EOT
9d411e83-fb7e-4a2f-a616-0abb7e3b9a59
EOT
// postmarklint:ignore token-placeholder # want "bad-suppression: needs a reason"
postmark_server_secret = "changeme"
/* postmarklint:ignore -- no rule */ # want "bad-suppression: names no rule; write #"
postmark_account_token = "changeme" # want "token-placeholder"
// postmarklint:ignore token-placholder -- typo # want "bad-suppression: unknown rule token-placholder"
auth_postmark_key = "changeme" # want "token-placeholder"
/* postmarklint:ignore token-format -- nothing here */ # want "bad-suppression: suppresses nothing on line 23"
postmark_smtp_token = "changeme" # want "token-placeholder"
# Near misses: the marker in a string and in a heredoc is no comment.
mail_note = "# postmarklint:ignore token-placeholder -- not a comment"
postmark_server_password = <<EOT
// postmarklint:ignore token-format -- not a comment
EOT
# want -2 "token-placeholder" "token-whitespace"
