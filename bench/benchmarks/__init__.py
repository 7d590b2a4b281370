"""One module per benchmark; importing it registers it."""

from . import install
from . import forecast
