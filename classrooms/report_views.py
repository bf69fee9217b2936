from django.http import HttpResponse

from .permissions import coordinator_required


@coordinator_required
def programme_report(request):
    return HttpResponse(status=501)
