"""One module per benchmark; importing it registers it."""

from . import install
