"""Moving journal data in and out: JSON, iCalendar, vCard, CSV."""
