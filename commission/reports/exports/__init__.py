"""What leaves the system for other tools: the whole case record as JSON Lines (and its
import into an empty installation), FollowTheMoney entities, and CSV lists."""
