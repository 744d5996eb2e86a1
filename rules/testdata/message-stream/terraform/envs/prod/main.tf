variable "postmark_message_stream" {
  type    = string
  default = "pm-transactional" # want "message-stream: starts with pm-"
}

provider "postmark" {
  server_token = var.postmark_server_token
}

locals {
  postmark_broadcast_stream = "newsletter"
  postmark_message_stream   = "a.b" # want "message-stream: contains '.' at character 2"
}
