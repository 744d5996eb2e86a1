# Production by the folder (envs/prod/).
variable "postmark_server_token" {
  type    = string
  default = "e531de07-865b-4956-8881-41cf344924e" # want "token-format: truncated"
}

provider "postmark" {
  account_token = "e531de07865b4956888141cf344924eb" # want "token-format: has 32 characters"
  server_token  = var.postmark_server_token
}

locals {
  postmark_api_key = "s3cr37" # want "token-format: contains 's' at character 1"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:latest"
    environment = [
      { name = "POSTMARK_API_TOKEN", value = "e531de07-865b-4956-8881-41cf344924eX" }, # want "token-format: contains 'X' at character 36"
      { name = "POSTMARK_SERVER_TOKEN", value = "${var.postmark_server_token}" },
    ]
    secrets = [
      { name = "POSTMARK_ACCOUNT_TOKEN", valueFrom = "arn:aws:ssm:eu-west-1:123456789012:parameter/postmark" },
    ]
  }])
}

resource "kubernetes_secret" "mail" {
  metadata {
    name = "mail"
  }
  data = {
    POSTMARK_SERVER_TOKEN = "e531de07-865b-4956-8881-41cf3449" # want "token-format: has 32 characters"
    POSTMARK_API_TOKEN    = "e531de07-865b-4956-8881-41cf344924eb"
  }
}

resource "kubernetes_deployment" "app" {
  spec {
    template {
      spec {
        container {
          env {
            name  = "POSTMARK_API_KEY"
            value = "e531de07-865b-4956-8881-41cf344924e" # want "token-format: truncated"
          }
          env {
            name = "POSTMARK_SERVER_TOKEN"
            value_from {
              secret_key_ref {
                name = "postmark"
                key  = "server-token"
              }
            }
          }
        }
      }
    }
  }
}

resource "aws_ssm_parameter" "mail" {
  name  = "/app/postmark/server_token"
  type  = "SecureString"
  value = "e531de07-865b-4956-8881-41cf344924ebb" # want "token-format: has 37 characters"
}

resource "github_actions_secret" "mail" {
  repository      = "app"
  secret_name     = "POSTMARK_SERVER_TOKEN"
  plaintext_value = "Bearer e531de07-865b-4956-8881-41cf344924eb" # want "token-format: has \"Bearer \" pasted in front"
}

resource "vercel_project_environment_variable" "mail" {
  key    = "POSTMARK_API_TOKEN"
  value  = "e531de07-865b-4956-8881-41cf344924e" # want "token-format: truncated"
  target = ["production"]
}

# Near misses: expressions are references or skipped, never values.
variable "postmark_account_token" {
  description = "Postmark account token"
  type        = string
  sensitive   = true
}

data "aws_secretsmanager_secret_version" "postmark" {
  secret_id = "prod/postmark/server_token"
}

data "azurerm_key_vault_secret" "postmark_token" {
  name         = "postmark-server-token"
  key_vault_id = azurerm_key_vault.main.id
}

locals {
  postmark_token         = data.aws_secretsmanager_secret_version.postmark.secret_string
  postmark_server_key    = "${data.azurerm_key_vault_secret.postmark_token.value}"
  postmark_key_from_file = file("${path.module}/postmark.key")
  postmark_secret        = var.postmark_account_token != "" ? var.postmark_account_token : null
  postmark_template_id   = 12345
  postmark_from          = "hello@example.com"
  postmark_stream        = "outbound"
}
