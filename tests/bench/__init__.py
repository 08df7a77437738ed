"""`make bench`: the benchmark (python -m tests.bench). It measures; it never asserts a time."""
