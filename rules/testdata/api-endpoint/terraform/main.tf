variable "postmark_api_url" {
  type    = string
  default = "https://api.postmarkapp.co" # want "api-endpoint: api.postmarkapp.co is not a Postmark host; did you mean api.postmarkapp.com?"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name = "app"
    environment = [
      { name = "POSTMARK_API_URL", value = "http://api.postmarkapp.com" }, # want "api-endpoint: plain http"
      { name = "SMTP_HOST", value = "smtp.postmarkap.com" },               # want "api-endpoint: smtp.postmarkap.com is not a Postmark host"
    ]
  }])
}

locals {
  email_client = {
    base_url = "https://api.postmark.com" # want "api-endpoint: api.postmark.com is not a Postmark host; did you mean api.postmarkapp.com?"
  }
  # Near misses: the real hosts, an inbound address, an interpolated URL, a
  # local mock.
  smtp_host          = "smtp.postmarkapp.com"
  smtp_port          = 587
  postmark_base_url  = "https://api.postmarkapp.com"
  postmark_inbound   = "0123456789abcdef0123456789abcdef@inbound.postmarkapp.com"
  postmark_proxy_url = "https://${var.proxy_host}/postmark"
  postmark_mock_url  = "http://api.postmark.test:4000"
}
