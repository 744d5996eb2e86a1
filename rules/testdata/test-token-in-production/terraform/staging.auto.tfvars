# Staging by the file name: the test token is fine here.
postmark_server_token = "POSTMARK_API_TEST"
