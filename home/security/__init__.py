"""Security: the Content-Security-Policies, limits on guessing passwords, the
sign-in lockout page, the client address those limits count by, and the view
restrictions that keep private pages private.

A subpackage of `home`, not an app of its own: it has no models, and an app label
would mean migrations and settings to move for nothing."""
