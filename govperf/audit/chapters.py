"""The chapter names an audit finding's place starts with."""

BUDGET = "貳、機關預算及人力"
GOALS = "參、關鍵策略目標達成情形"
ASSESSMENT = "伍、績效總評"
