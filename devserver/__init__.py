# Developer tooling that runs before Django is configured (the embedded run mode); not a Django app.
