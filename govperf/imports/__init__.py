"""Import of published performance reports: parse → intermediate representation → checks → write."""
