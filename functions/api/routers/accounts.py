from __future__ import annotations

from fastapi import APIRouter

from functions import wiring
from functions.accounts.use_cases import get_company, login
from functions.api.deps import Companies, CurrentUser
from functions.api.problems import Problem
from functions.api.schemas.accounts import CompanyPublic, LoginRequest, MePublic, TokenPublic

router = APIRouter(tags=["accounts"])


@router.post(
    "/auth/login",
    operation_id="login",
    response_model=TokenPublic,
    responses={401: {"model": Problem}, 403: {"model": Problem}},
)
def login_route(body: LoginRequest) -> TokenPublic:
    tokens = login(wiring.identity(), body.email, body.password)
    return TokenPublic.model_validate(tokens.model_dump())


@router.get("/me", operation_id="getMe", response_model=MePublic)
def get_me(user: CurrentUser, companies: Companies) -> MePublic:
    company = get_company(companies, user.company_id)
    return MePublic(
        **user.model_dump(exclude={"company_id"}),
        company=CompanyPublic.model_validate(company.model_dump()),
    )
