"""The factory of imports, for the project's factories (tests/factories.py imports it)."""

import factory

from accounts.models import User
from imports.columns import SEIZURE_COLUMNS
from imports.models import ImportJob
from tests.factories import ServiceFactory


class ImportJobFactory(ServiceFactory):
    """Through `import_job_create`: a one-row seizure file uploaded by an administrator, dry run."""

    class Meta:
        model = ImportJob

    kind = ImportJob.Kind.SEIZURES
    file_name = factory.Sequence(lambda n: f"seizures-{n}.csv")

    @classmethod
    def _create(cls, model_class, *args, kind, file_name, **kwargs):
        from imports.services import import_job_create

        header = ",".join(column.name for column in SEIZURE_COLUMNS)
        example = ",".join(column.example for column in SEIZURE_COLUMNS)
        return import_job_create(
            principal=User.objects.filter(role=User.Role.ADMINISTRATOR).order_by("pk").first(),
            kind=kind,
            file_name=file_name,
            data=f"{header}\n{example}\n".encode(),
            date_order=ImportJob.DateOrder.DAY_FIRST,
            dry_run=True,
            **kwargs,
        )
