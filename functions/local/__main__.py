import logging
import os
import sys
from contextlib import suppress

from functions.local.platform import main

with suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C once stopped; main() saved state
    main()
# The state and the work in flight are saved. Tearing the interpreter down (moto's objects, the
# speech model's native threads) took seconds more, with nothing left to do: leave now.
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
