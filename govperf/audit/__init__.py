"""The audit: findings where a report does not add up or a judgement differs from the rules."""
