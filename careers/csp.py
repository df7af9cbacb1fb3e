"""Browsers post Content-Security-Policy violations here; they are logged, never stored."""

import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("raasta.csp")
MAX_REPORT_BYTES = 8 * 1024
LOGGED_FIELDS = ("document-uri", "violated-directive", "blocked-uri", "source-file", "line-number")


@csrf_exempt  # browsers send reports without a token; nothing is written but a log line
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    logger.warning(
        "CSP violation: %s",
        {field: str(report.get(field, ""))[:300] for field in LOGGED_FIELDS},
    )
    return HttpResponse(status=204)
