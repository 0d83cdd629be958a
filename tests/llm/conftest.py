from __future__ import annotations

import pytest

from llm_stub import start_stub, stop_stub
from negotrack.codebook import load_codebook


@pytest.fixture
def stub():
    """A real HTTP stub of the chat-completions API on 127.0.0.1, one per test."""
    s = start_stub()
    yield s
    stop_stub(s)


@pytest.fixture(scope="session")
def cb():
    return load_codebook()
