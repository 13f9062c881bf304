"""Django app configuration of govperf.workflow."""

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "govperf.workflow"
    label = "workflow"

    def ready(self) -> None:
        """A rejected target revision (evaluation, a layer below) reaches its unit."""
        from govperf.evaluation.targets import revision_rejected
        from govperf.workflow.notices import revision_rejected_received

        revision_rejected.connect(revision_rejected_received, dispatch_uid="notices-revision")
