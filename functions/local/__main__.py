from contextlib import suppress

from functions.local.platform import main

with suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C once stopped; main() saved state
    main()
