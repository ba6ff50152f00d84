import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
