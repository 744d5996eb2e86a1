# Near miss: development's own token.
postmark_server_token = "3bc9159a-ff70-4e24-9a3c-7e1a9629b636"
