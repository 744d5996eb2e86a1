provider "postmark" {
  server_token = "POSTMARK_API_TEST" # want "test-token-in-production: production by its folder"
}

variable "postmark_api_token" {
  type    = string
  default = "POSTMARK_API_TEST" # want "test-token-in-production"
}
