"""Commission: a case system for the bodies that review members and hear their appeals."""
