from django.http import HttpRequest, HttpResponse


def people(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
