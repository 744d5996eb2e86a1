variable "postmark_server_token" {
  type    = string
  default = <<EOT
3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19
EOT
}

provider "postmark" {
  server_token = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 " // pasted from chat
}

resource "kubernetes_deployment" "app" {
  spec {
    container {
      env {
        name  = "POSTMARK_API_TOKEN"
        value = "\t3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
      }
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  container_definitions = jsonencode([{
    environment = [
      { name = "POSTMARK_SERVER_TOKEN", value = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\u00a0" },
    ]
  }])
}

locals {
  postmark_api_key = "${var.postmark_server_token} "
}
