"""Speech to text behind one port (`ports.Transcriber`): Groq Whisper in the cloud, the packaged
faster-whisper model offline (the default when no Groq key is set)."""
