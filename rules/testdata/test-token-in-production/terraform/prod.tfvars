postmark_server_token = "POSTMARK_API_TEST" # want "test-token-in-production: production by the file name"
