"""CSV downloads: UTF-8 with a byte-order mark, so spreadsheet programs read Chinese and Uyghur."""

import csv

from django.http import HttpResponse


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return response


def wants_csv(request):
    return request.GET.get("format") == "csv"


def minutes(seconds):
    return round((seconds or 0) / 60)
