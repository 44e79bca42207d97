import os
import threading

from django.core.wsgi import get_wsgi_application

from commission.core.runtime import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
application = get_wsgi_application()
settle()

# The witness graph is loaded (or built, the first time) while the server starts answering,
# so the first witness question does not wait for it.
from commission.inquiries import tiegraph  # noqa: E402

threading.Thread(target=tiegraph.warm_up, name="witness-graph", daemon=True).start()
