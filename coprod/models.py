"""The custom user: people sign in with their email address."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class CoprodUserManager(UserManager["User"]):
    """Create users by email; there is no username."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._make(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._make(email, password, **extra)

    def _make(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractUser):
    """A person who signs in. Roles are Django groups (see coprod.permissions)."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = CoprodUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AuditEvent(models.Model):
    """Something that happened to a login which no record's history shows.

    Invitations, sign-in roles granted and taken away, and sign-ins. Changes to records
    themselves are kept by django-simple-history.
    """

    class Action(models.TextChoices):
        INVITATION_SENT = "invitation-sent", "Invitation to sign in sent"
        ROLE_GRANTED = "role-granted", "Sign-in role granted"
        ROLE_REVOKED = "role-revoked", "Sign-in role taken away"
        SIGNED_IN = "signed-in", "Signed in"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the system.",
    )
    action = models.CharField(max_length=20, choices=Action)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
