"""CSV downloads: UTF-8 with a byte-order mark, so spreadsheet programs read Chinese and Uyghur."""

import csv

from django.http import HttpResponse
from django.utils.functional import Promise

# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"): children's names, delivery notes and short answers
# are written by people, so every text cell is checked on its way out.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as a spreadsheet shows it and never runs: text that would start a
    formula gets a leading apostrophe, which spreadsheets read as "this is text".
    Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(value) for value in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


def wants_csv(request):
    return request.GET.get("format") == "csv"


def minutes(seconds):
    return round((seconds or 0) / 60)
