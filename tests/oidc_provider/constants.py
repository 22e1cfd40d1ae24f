"""Values the test provider sends, shared with the tests (no Django imports here)."""

TEST_PID = "24014021406"  # synthetic national identity number; the tests search the database for it
