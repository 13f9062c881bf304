"""Who changed what and why: the one recorded write (`write`) and the one reader (`read`)."""
