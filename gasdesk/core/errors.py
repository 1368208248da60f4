"""Domain errors shared by every app; the API handler and views map them to field errors."""


class RuleViolation(Exception):
    """A business rule refused the change; `field` names the input at fault, message is Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConcurrentChange(RuleViolation):
    """Another writer changed the row first (conditional UPDATE matched 0 rows)."""

    def __init__(self, message: str = "记录已被他人修改，请刷新后重试") -> None:
        super().__init__("status", message)


class PermissionDeniedRule(RuleViolation):
    """The user's role or org scope does not allow this action."""

    def __init__(self, message: str = "无权执行此操作") -> None:
        super().__init__("permission", message)
