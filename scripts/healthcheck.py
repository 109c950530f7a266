"""Container health check: GET /health/ on the local web server, exit 0 only on HTTP 200.

The address is gunicorn's (GUNICORN_BIND, as in portal/gunicorn.conf.py), asked on loopback when
it binds every interface. On failure the parts that are down are printed, e.g.
``unhealthy: HTTP 503: worker: last heartbeat 200 s ago (limit 180 s)``.
"""

import json
import os
import sys
import urllib.error
import urllib.request

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
host, _, port = bind.rpartition(":")
if host in ("0.0.0.0", "", "[::]"):
    host = "127.0.0.1"
allowed_host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
request = urllib.request.Request(f"http://{host}:{port}/health/", headers={"Host": allowed_host, "X-Forwarded-Proto": "https"})
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as error:
    try:
        checks = json.loads(error.read())["checks"]
        down = "; ".join(f"{name}: {part['detail']}" for name, part in checks.items() if not part["ok"])
    except Exception:  # noqa: BLE001 - the body is only a hint
        down = error.reason
    print(f"unhealthy: HTTP {error.code}: {down}", file=sys.stderr)
    sys.exit(1)
except Exception as error:  # noqa: BLE001
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
