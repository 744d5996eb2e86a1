# Staged over a committed version: the token HEAD holds is in history,
# the one added since is only staged.
postmark_server_token  = "5024336d-28d9-4a66-ab3b-cf18b9e62d6b" # want "committed-token: committed to git: rotate it"
postmark_account_token = "de614b65-e846-4e6a-8e41-8a4c4af8e340" # want "committed-token: staged for commit: remove it from the file and from what is staged"
