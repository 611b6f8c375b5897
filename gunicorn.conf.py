"""gunicorn settings for hulpwijzer: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("HULPWIJZER_BIND", "127.0.0.1:5000")
# Sync workers: pages are small and CPU-bound; two per core is plenty on a small machine.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = 30
keepalive = 2
# Load the app (and validate the content) once in the master: broken content stops
# the server at start with the editor's `path:line` list instead of crashing each worker.
preload_app = True

# Access log without the client address, the user agent, the referrer or the query
# string (which can carry a course progress code or the wizard's answers).
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"
# Never trust X-Forwarded-For: we do not want the address, not even from a proxy.
forwarded_allow_ips = ""
# No runtime control socket: it would be shared by every gunicorn of this user.
control_socket_disable = True
