"""Entry point for servers and the flask command: `app` is the site."""

import sys

from contentkit import ContentError
from hulpwijzer import create_app

try:
    app = create_app()
except ContentError as error:
    # Editors get the same `path:line: message` list as from `content check`, not a traceback.
    sys.exit(f"{error}\nThe site did not start: fix the content above and start it again.")
