import os
import threading

from django.core.wsgi import get_wsgi_application

from commission.core.runtime import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
application = get_wsgi_application()
settle()

# The witness graph is loaded (or built, the first time) and the registry's name words read
# while the server starts answering, so the first witness question and the first person
# lookup do not wait for them.
from commission.inquiries import tiegraph  # noqa: E402
from commission.registry import namekeys  # noqa: E402

threading.Thread(target=tiegraph.warm_up, name="witness-graph", daemon=True).start()
threading.Thread(target=namekeys.warm_up, name="name-keys", daemon=True).start()
