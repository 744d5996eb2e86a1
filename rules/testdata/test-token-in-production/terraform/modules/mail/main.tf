# A module's default serves every environment: none is named.
variable "postmark_server_token" {
  type    = string
  default = "POSTMARK_API_TEST"
}

locals {
  # A section names the environment.
  mail = {
    production = {
      postmark_server_token = "POSTMARK_API_TEST" # want "test-token-in-production: production by section production"
    }
    staging = {
      postmark_server_token = "POSTMARK_API_TEST"
    }
  }
}
