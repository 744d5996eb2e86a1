provider "postmark" {
  server_token  = "POSTMARK_API_TEST"
  account_token = "POSTMARK_API_TEST" # want "test-token-unusable: as an account token (provider.postmark.account_token)"
}
