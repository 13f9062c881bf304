"""The public portal: published, official data for citizens, across agencies and years."""
