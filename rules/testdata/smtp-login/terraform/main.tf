locals {
  smtp_host     = "smtp.postmarkapp.com"
  smtp_port     = 587
  smtp_user     = "e731d56b-13b2-47f4-a522-4018468ed1bf"
  smtp_password = "46fd8901-3b37-4d31-8571-1e62eb23587e" # want "smtp-login: (locals.smtp_user, line 4)"
}
