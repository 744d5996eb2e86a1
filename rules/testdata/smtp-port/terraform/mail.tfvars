smtp_host = "smtp-broadcasts.postmarkapp.com"
smtp_port = 26 # want "smtp-port: port 26"
