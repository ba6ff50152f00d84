"""Migration 0006 keeps the pipeline valid: free-text gaps become "Other", advice stays."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0005_contact_log")]
AFTER = [("network", "0006_recruitment_gap_and_recommendation")]


# Transactional: SQLite cannot change its schema inside the test's transaction. Like the
# browser tests, it runs after the others and leaves an empty database behind.
@pytest.mark.django_db(transaction=True)
def test_existing_candidates_and_advice_are_kept_as_other_gaps():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("network", "Organisation").objects.create(
        name="Care Leavers United", kind="local"
    )
    candidate = old.get_model("network", "Candidate").objects.create(
        organisation=organisation, gap="Care leavers are not represented"
    )
    old.get_model("network", "Advice").objects.create(candidate=candidate, text="Approach them.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    migrated = new.get_model("network", "Candidate").objects.get(pk=candidate.pk)
    assert (migrated.gap, migrated.gap_kind, migrated.gap_constituency_id) == (
        "Care leavers are not represented",
        "",
        None,
    )
    advice = new.get_model("network", "Advice").objects.get()
    assert (advice.text, advice.recommendation, advice.author_role) == ("Approach them.", "", "")
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
