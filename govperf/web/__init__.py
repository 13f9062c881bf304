"""The web interface's shared parts: access declarations, the site frame, sign-in, language."""
