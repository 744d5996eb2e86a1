# A variable's default is what Terraform uses when nothing sets it.
variable "postmark_server_token" {
  type    = string
  default = "TODO" # want "token-placeholder"
}

# Near misses: an empty or null default, like no default, makes the
# variable optional: its value is set elsewhere.
variable "postmark_api_token" {
  type    = string
  default = ""
}

variable "postmark_account_token" {
  type      = string
  default   = null
  sensitive = true
}
