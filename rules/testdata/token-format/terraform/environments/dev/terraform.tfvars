# Development (environments/dev/): an error becomes a warning.
postmark_server_token = "05add51b-d254-4ede-b5ec-6144889299a" # want "token-format: truncated"
postmark_api_token    = "05ADD51B-D254-4EDE-B5EC-6144889299A3"
