resource "kubernetes_deployment" "app" {
  spec {
    container {
      env {
        name  = "POSTMARK_SERVER_TOKEN"
        value = <<-EOT
          e9e6fef7-bee8-4a80-99fa-9ae9c2685a20
        EOT
        # want -2 "token-whitespace: ends with a line feed (LF); a heredoc keeps"
      }
    }
  }
}

# Near miss: a heredoc holding a reference.
locals {
  postmark_server_key = <<EOT
${var.postmark_server_key}
EOT
}
