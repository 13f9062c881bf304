"""`govperf api-token`: an administrator makes, lists and revokes a person's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.accounts.tokens import api_token_create, api_token_list_for_user, api_token_revoke
from govperf.database import database_ensure


class Command(BaseCommand):
    help = (
        "管理某位使用者的 API 權杖：create 建立（權杖只顯示這一次）、list 列出、revoke 撤銷。"
        "權杖以該使用者的身分與角色呼叫 /api/v1/。"
    )
    requires_system_checks: list[str] = []  # one service call; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["create", "list", "revoke"], help="要做的事")
        parser.add_argument("--user", required=True, help="權杖所屬的帳號")
        parser.add_argument("--name", default="", help="create：權杖的名稱，例如使用它的系統")
        parser.add_argument("--id", type=int, help="revoke：要撤銷的權杖編號（見 list）")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"沒有帳號 {options['user']}。")
        try:
            getattr(self, f"_{options['what']}")(user, options)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error

    def _create(self, user: AbstractBaseUser, options: dict[str, Any]) -> None:
        token, secret = api_token_create(actor=user, name=options["name"])
        self.stdout.write(f"已建立權杖 {token.pk}「{token.name}」（只顯示這一次，請妥善保存）：")
        self.stdout.write(secret)

    def _list(self, user: AbstractBaseUser, options: dict[str, Any]) -> None:
        for token in api_token_list_for_user(user=user):
            used, revoked = token.last_used_at, token.revoked_at
            used_text = f"最近使用 {used:%Y-%m-%d %H:%M}" if used else "未使用"
            state = f"已撤銷 {revoked:%Y-%m-%d %H:%M}" if revoked else "有效"
            self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\t{used_text}\t{state}")

    def _revoke(self, user: AbstractBaseUser, options: dict[str, Any]) -> None:
        if options["id"] is None:
            raise CommandError("請以 --id 指定要撤銷的權杖（見 list）。")
        token = api_token_revoke(actor=user, token_id=options["id"])
        self.stdout.write(f"已撤銷權杖 {token.pk}「{token.name}」。")
