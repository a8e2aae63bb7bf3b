"""Mystery-shopping audits: the core package."""
