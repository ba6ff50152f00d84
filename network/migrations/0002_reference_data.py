from django.db import migrations
from django.utils.text import slugify

CONSTITUENCIES = [
    "Older people",
    "Young people",
    "Mental health",
    "Learning disability",
    "Physical disability",
    "Sensory impairment",
    "Ethnic minority communities",
    "LGBTQ+",
    "Carers",
    "Autistic people",
    "People with dementia",
    "Homelessness",
]

ACCESS_NEEDS = [
    "BSL interpreter",
    "Step-free access",
    "Hearing loop",
    "Easy read papers",
    "Large print papers",
    "A support worker",
]


def add_reference_data(apps, schema_editor):
    Constituency = apps.get_model("network", "Constituency")
    AccessNeed = apps.get_model("network", "AccessNeed")
    Target = apps.get_model("network", "Target")
    for name in CONSTITUENCIES:
        Constituency.objects.get_or_create(slug=slugify(name.replace("+", " plus")), defaults={"name": name})
    for name in ACCESS_NEEDS:
        AccessNeed.objects.get_or_create(name=name)
    # The network aims at about 30 member organisations (editable on the targets page).
    Target.objects.get_or_create(measure="total", kind="", constituency=None, defaults={"minimum": 30})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
