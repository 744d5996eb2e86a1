variable "postmark_server_token" {
  type    = string
  default = "ac4a5a91-3637-4f30-8051-929fa4934021" # want "committed-token: committed to git"
}

resource "kubernetes_secret" "mail" {
  data = {
    POSTMARK_API_KEY = <<EOT
3637c989-e3f3-452a-89a7-fac1dfe04470
EOT
    # want -2 "committed-token" "token-whitespace"
  }
}

# Near misses: references and expressions hold no secret.
provider "postmark" {
  server_token  = var.postmark_server_token
  account_token = "${data.aws_ssm_parameter.postmark_account_token.value}"
}
