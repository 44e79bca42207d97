import os

from django.core.wsgi import get_wsgi_application

from commission.core.runtime import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
application = get_wsgi_application()
settle()
