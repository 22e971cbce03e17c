"""Use cases of the lifecycle. Each takes its dependencies (`Deps`) as a parameter."""
