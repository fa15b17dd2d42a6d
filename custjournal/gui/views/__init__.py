"""The main views the navigation bar switches between."""
