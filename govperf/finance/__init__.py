"""Budget and final accounts, headcount, and program costs linked to KPIs."""
