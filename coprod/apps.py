from django.apps import AppConfig


class CoprodConfig(AppConfig):
    name = "coprod"
    verbose_name = "Coprod accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from coprod.middleware import start_session_clock

        # Every sign-in (allauth's, the admin's through allauth, a test's force_login)
        # starts the session's clock for its 12-hour and idle limits.
        user_logged_in.connect(
            lambda sender, request, **kwargs: start_session_clock(request),
            dispatch_uid="coprod.start_session_clock",
            weak=False,
        )
