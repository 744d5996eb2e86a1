# Development: placeholders are normal.
postmark_server_token = "changeme"
postmark_api_token    = ""
