"""The candidate page: the web app's shell for an invitation link, with the CSP frame-ancestors
of that link's company, so its career pages may embed the flow (Settings: embed origins).

CloudFront sends /i/* here rather than to the SPA bucket, whose one headers policy cannot vary
by company; `make dev` serves the page through this route too. Not an API operation: it stays
out of the OpenAPI document.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from functions.api.deps import AppSettings, Companies, Interviews, Shell
from functions.candidates.use_cases import candidate_page

router = APIRouter(include_in_schema=False)


# HEAD too: link checkers and chat previews probe a link before anyone opens it.
@router.api_route("/i/{path:path}", methods=["GET", "HEAD"])
def get_candidate_page(
    path: str, shell: Shell, interviews: Interviews, companies: Companies, settings: AppSettings
) -> HTMLResponse:
    # /i/<token>, and whatever the app does with paths below it (its own routing decides).
    token = path.split("/", 1)[0]
    page = candidate_page(shell, interviews, companies, token, settings.candidate_page_csp)
    return HTMLResponse(
        page.html, headers={"Content-Security-Policy": page.content_security_policy}
    )
