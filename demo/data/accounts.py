"""The demo's sign-in accounts; what each may do follows from its role (core.access)."""

from accounts.models import User

# (username, role, flags, the countries a mission viewer sees); the Peruvian mission reads Spanish.
ACCOUNTS = [
    ("admin", User.Role.ADMINISTRATOR, {"is_staff": True, "is_superuser": True}, []),
    ("officer", User.Role.OFFICER, {"is_staff": True}, []),
    ("monitoring", User.Role.MONITORING, {"is_staff": True}, []),
    ("mission-pe", User.Role.MISSION_VIEWER, {"preferred_language": "es"}, ["PE"]),
]
