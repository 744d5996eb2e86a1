# Near miss: a file git does not track holds no committed secret.
postmark_server_token = "03ecf749-b472-40f8-9c6b-9d1105446908"
