"""The 'fuzz' hypothesis profile (``make fuzz``: ``pytest tests/fuzz --hypothesis-profile=fuzz``).

Registered here, in a conftest pytest loads before it reads ``--hypothesis-profile``; the
settings each test uses are in ``fuzz_strategies.fuzz_settings``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    print_blob=True,
)
