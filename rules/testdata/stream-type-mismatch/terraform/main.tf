locals {
  smtp_host               = "smtp-broadcasts.postmarkapp.com"
  smtp_port               = 587
  postmark_message_stream = "outbound" # want "stream-type-mismatch: is Postmark's SMTP host for broadcast streams"
}
