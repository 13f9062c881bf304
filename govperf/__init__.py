"""govperf: a government agency's yearly performance evaluation (施政績效評估), end to end."""
