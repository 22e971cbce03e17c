"""The domain model of the lifecycle: standard library only."""
