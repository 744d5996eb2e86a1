postmark_message_stream_id = "-outbound" # want "message-stream: does not start with a letter"
