# The default written in since the commit is in neither HEAD nor the
# index; the one left as committed is in history.
variable "postmark_server_token" {
  default = "306069a5-ba9c-4f59-8136-adb5ace3b436" # want "committed-token: in the work tree of a file git tracks: keep it out of the file"
}

variable "postmark_account_token" {
  default = "3379cf6c-833c-4a2f-b69f-faaf7a7db18e" # want "committed-token: committed to git"
}
