locals {
  smtp_host = "smtp.postmarkapp.com"
  smtp_port = 465 # want "smtp-port: port 465"
}
