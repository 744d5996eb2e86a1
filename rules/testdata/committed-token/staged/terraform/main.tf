# A new file, staged.
provider "postmark" {
  server_token = "d9bdcc38-08f3-4ec8-968e-bf5593ef1d79" # want "committed-token: staged for commit"
}
