postmark_server_token = "POSTMARK_API_TEST"
