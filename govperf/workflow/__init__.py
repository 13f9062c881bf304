"""The yearly cycle as a workflow: one service applies the tables of govperf.domain.workflow."""
